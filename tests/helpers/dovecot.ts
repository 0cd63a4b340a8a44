import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../lib/platform/system/ports';

// A real Dovecot (Debian's dovecot-imapd) per test file: a self-contained config in a temp dir,
// a spare loopback port, plaintext auth from a passwd-file. Runs as root (CI and this machine);
// mail is stored as `nobody` because Dovecot refuses to deliver as uid 0.

const DOVECOT = process.env.ATLAS_TEST_DOVECOT ?? '/usr/sbin/dovecot';
const DOVEADM = process.env.ATLAS_TEST_DOVEADM ?? '/usr/bin/doveadm';
const NOBODY = { uid: 65534, gid: 65534 };

export interface DovecotServer {
  host: string;
  port: number;
  dir: string;
  /**
   * Adds (or replaces) users with plaintext passwords. Dovecot re-reads its passwd-file at most
   * once a second, so this resolves once the next second has begun and the users can log in.
   */
  addUsers(users: Record<string, string>): Promise<void>;
  addUser(user: string, password: string): Promise<void>;
  /** `imap://user:pass@127.0.0.1:port/folder` with URL-encoded credentials. */
  url(user: string, password: string, folder?: string): string;
  /**
   * Puts messages straight into a user's INBOX (Maildir `new/`), as a mail server's delivery
   * would: thousands in a second where APPEND takes minutes. Dovecot assigns UIDs on next read.
   */
  deliver(user: string, messages: Iterable<Buffer>): number;
  /** Disconnects every IMAP session of a user (`doveadm kick`). */
  kick(user: string): void;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Dovecot's own log, for a failing test's message. */
  logTail(lines?: number): string;
}

export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT) && process.getuid?.() === 0;
}

export interface DovecotOptions {
  /**
   * Also accept XOAUTH2, with tokens checked by Dovecot's oauth2 passdb against this RFC 7662
   * introspection endpoint (POST token=…; `active` and `username` in the answer).
   */
  oauth2?: { introspectionUrl: string };
}

// Dovecot 2.3's oauth2 passdb: every XOAUTH2 login asks the introspection endpoint (no auth
// cache), so an expired or revoked token is refused at once.
function oauth2Config(introspectionUrl: string): string {
  return `introspection_mode = post
introspection_url = ${introspectionUrl}
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
timeout_msecs = 5000
`;
}

function configText(dir: string, port: number, options: DovecotOptions = {}): string {
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${options.oauth2 ? ' xoauth2' : ''}
auth_verbose = yes
# Tests check wrong passwords: no 2-second penalty per failure.
auth_failure_delay = 0
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_location = maildir:${dir}/mail/%u
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
mail_max_userip_connections = 100
mail_plugins =
# Tests append and move thousands of messages: no fsync per message.
mail_fsync = never
imap_idle_notify_interval = 1 secs
namespace inbox {
  inbox = yes
  separator = /
}
${
  options.oauth2
    ? `passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${dir}/oauth2.conf.ext
}
`
    : ''
}passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (chunk) => {
        socket.destroy();
        resolve(chunk.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  if (!dovecotAvailable()) throw new Error(`Dovecot tests need ${DOVECOT} and root (apt-get install dovecot-imapd)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-dovecot-'));
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, 'mail'));
  chownSync(path.join(dir, 'mail'), NOBODY.uid, NOBODY.gid);
  const port = await freePort();
  const config = path.join(dir, 'dovecot.conf');
  writeFileSync(config, configText(dir, port, options));
  if (options.oauth2) writeFileSync(path.join(dir, 'oauth2.conf.ext'), oauth2Config(options.oauth2.introspectionUrl), { mode: 0o644 });
  const usersFile = path.join(dir, 'users');
  writeFileSync(usersFile, '');
  chmodSync(usersFile, 0o644);
  const users = new Map<string, string>();

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    // -F keeps the master in the foreground: the test owns the process and sees it exit.
    // Its own process group: stopping kills the IMAP sessions too, as a real restart does
    // (Dovecot's master alone leaves running sessions to finish on their own).
    const proc = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    child = proc;
    try {
      await Promise.race([
        waitForGreeting(port, 10_000),
        exited.then(() => {
          throw new Error(`Dovecot exited at start: ${stderr}\n${tail(30)}`);
        }),
      ]);
    } catch (error) {
      proc.kill('SIGKILL');
      throw error;
    }
  };

  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const group = -child.pid!;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    child = undefined;
  };

  const tail = (lines = 40) => {
    try {
      return readFileSync(path.join(dir, 'dovecot.log'), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  const addUsers = async (added: Record<string, string>) => {
    for (const [user, password] of Object.entries(added)) {
      if (/[:\n]/.test(user + password)) throw new Error('passwd-file users and passwords cannot hold ":" or newlines');
      users.set(user, password);
    }
    // Written aside and renamed: Dovecot must never read a half-written file (and cache it).
    writeFileSync(`${usersFile}.tmp`, [...users].map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`).join(''), { mode: 0o644 });
    renameSync(`${usersFile}.tmp`, usersFile);
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
  };

  await start();

  return {
    host: '127.0.0.1',
    port,
    dir,
    addUsers,
    addUser: (user, password) => addUsers({ [user]: password }),
    url(user, password, folder = 'INBOX') {
      return `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${folder.split('/').map(encodeURIComponent).join('/')}`;
    },
    deliver(user, messages) {
      const root = path.join(dir, 'mail', user);
      for (const sub of ['', 'new', 'cur', 'tmp']) {
        mkdirSync(path.join(root, sub), { recursive: true });
        chownSync(path.join(root, sub), NOBODY.uid, NOBODY.gid);
      }
      let count = 0;
      const stamp = Math.floor(Date.now() / 1000);
      for (const message of messages) {
        const file = path.join(root, 'new', `${stamp}.M${count}P${process.pid}.atlas-test`);
        writeFileSync(file, message);
        chownSync(file, NOBODY.uid, NOBODY.gid);
        count++;
      }
      return count;
    },
    kick(user) {
      const result = spawnSync(DOVEADM, ['-c', config, 'kick', user], { encoding: 'utf8' });
      // Exit code 68 ("no users kicked") is not an error for a test.
      if (result.status !== 0 && result.status !== 68) throw new Error(`doveadm kick failed: ${result.stderr}`);
    },
    async restart() {
      await stop();
      await start();
    },
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    logTail: tail,
  };
}
