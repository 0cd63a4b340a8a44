import { Tone } from './parts';

/** A pass-rate trend in its colour: up is good, down is bad. */
export function Trend({ text, direction }: { text: string; direction: 'up' | 'down' | 'flat' | 'none' }) {
  if (direction === 'up') return <Tone tone="pass">{text}</Tone>;
  if (direction === 'down') return <Tone tone="fail">{text}</Tone>;
  return <>{text}</>;
}
