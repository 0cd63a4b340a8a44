/**
 * Splits an mbox file into its messages. A message starts after a line beginning with
 * "From " (the envelope line, not a header); mboxrd escapes body lines that start with
 * "From " as ">From ", which is undone here. Reports travel base64-encoded, so the escaping
 * rarely matters, but quoted-printable or plain XML bodies can contain such lines.
 */
export function splitMbox(input: Buffer): Buffer[] {
  const starts: number[] = [];
  let pos = input.subarray(0, 5).toString('latin1') === 'From ' ? 0 : input.indexOf('\nFrom ');
  while (pos !== -1) {
    const lineStart = input[pos] === 0x0a ? pos + 1 : pos;
    if (lineStart === 0 || isEnvelopeLine(input, lineStart)) starts.push(lineStart);
    pos = input.indexOf('\nFrom ', lineStart + 1);
  }
  const messages: Buffer[] = [];
  for (let i = 0; i < starts.length; i++) {
    const eol = input.indexOf(0x0a, starts[i]);
    if (eol === -1) continue;
    const end = i + 1 < starts.length ? starts[i + 1] : input.length;
    const body = input.subarray(eol + 1, end);
    if (body.toString('latin1').trim().length === 0) continue;
    messages.push(unescapeFromLines(body));
  }
  return messages;
}

/**
 * Not every writer escapes body lines starting with "From ", so a separator must also look
 * like an envelope line: "From sender Thu Jan  1 00:00:00 2025" (a time and a year).
 */
function isEnvelopeLine(input: Buffer, start: number): boolean {
  const eol = input.indexOf(0x0a, start);
  const line = input.toString('latin1', start, eol === -1 ? Math.min(input.length, start + 200) : Math.min(eol, start + 200));
  return /^From \S+ .*\b\d{1,2}:\d{2}(:\d{2})?\b.*\b\d{4}\b/.test(line);
}

function unescapeFromLines(msg: Buffer): Buffer {
  if (msg.indexOf('>From ') === -1) return msg;
  return Buffer.from(msg.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}
