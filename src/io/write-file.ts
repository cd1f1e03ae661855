import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * An output file or folder Cascade cannot or will not write: the path is a device, a folder
 * where a file is meant, unwritable, on a full disk… The CLI prints the message alone and
 * exits 1: it is about the user's path, not a failure of Cascade.
 */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** "a folder", "a character device", … for messages. */
export function describeKind(st: fs.Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

/** A system error code in words (the code kept in parentheses, for searching). */
export function describeErrno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is not a folder',
    ENOENT: 'no such file or folder (or it cannot be created there)',
    EISDIR: 'it is a folder',
    EEXIST: 'it already exists',
    EIO: 'an input/output error',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    EFBIG: 'the file is too large',
    EXDEV: 'the temporary file and the target are on different devices',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return code ?? (err as Error)?.message ?? String(err);
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    // ENOTDIR: a file is in the way further up; ensureDir names it
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new OutputError(`cannot use ${p}: ${describeErrno(err)}`);
  }
}

/**
 * Makes sure `dir` is a folder: missing levels are created one at a time (never
 * `mkdir -p`, which spins forever where mkdir answers ENOENT under an existing parent, as in
 * /proc), and anything on the way that is not a folder is refused at once. `what` names the
 * folder in messages ("the output folder", "the run store folder").
 */
export function ensureDir(dir: string, what = 'the folder'): void {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  let at = abs;
  for (;;) {
    let st: fs.Stats | null;
    try {
      st = fs.statSync(at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: a file is in the way further up, which the walk up finds and names
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new OutputError(`cannot use ${what} ${dir}${at === abs ? '' : ` (at ${at})`}: ${describeErrno(err)}`);
      st = null;
    }
    if (st) {
      if (!st.isDirectory()) throw new OutputError(`cannot use ${what} ${dir}: ${at} is ${describeKind(st)}, not a folder`);
      break;
    }
    missing.push(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const p of missing.reverse()) {
    try {
      fs.mkdirSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && fs.statSync(p, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw new OutputError(`cannot create ${what} ${dir}${p === abs ? '' : ` (at ${p})`}: ${describeErrno(err)}`);
    }
  }
}

/** Where an atomic write goes: the real target, the temporary file beside it, and the symlink followed (if any). */
export interface WriteTarget {
  /** Absolute path of the file that will hold the data. */
  target: string;
  /** The temporary file in the same folder; renamed over `target` by {@link WriteTarget.commit}. */
  tmp: string;
  /** The path as given, when it was a symbolic link that was followed to `target`. */
  via?: string;
  /** Renames the temporary file over the target. */
  commit(): void;
  /** Removes the temporary file (after a failure); never throws. */
  abort(): void;
}

/**
 * Checks an output path and picks its temporary file, before anything is written: a new path
 * or an existing regular file is fine; a symbolic link is followed to its target, which must
 * be a regular file or new (the caller says so: `via`); a folder, a device, a pipe or a socket
 * is refused. The folder is created if missing.
 */
export function prepareWrite(file: string): WriteTarget {
  const given = path.resolve(file);
  let target = given;
  let via: string | undefined;
  const st = lstatOrNull(given);
  if (st?.isSymbolicLink()) {
    let real: string;
    try {
      real = fs.realpathSync(given);
    } catch (err) {
      throw new OutputError(`refusing to write ${file}: it is a symbolic link whose target cannot be resolved (${describeErrno(err)}); remove the link or write elsewhere`);
    }
    via = given;
    target = real;
  }
  const tst = via ? lstatOrNull(target) : st;
  if (tst && !tst.isFile()) {
    const what = tst.isDirectory() ? 'a folder; give a file name' : `${describeKind(tst)}; Cascade writes output files whole and atomically, and only over regular files`;
    throw new OutputError(`refusing to write ${file}${via ? ` (a symbolic link to ${target})` : ''}: it is ${what}`);
  }
  const dir = path.dirname(target);
  ensureDir(dir, 'the output folder');
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  return {
    target,
    tmp,
    via,
    commit() {
      try {
        fs.renameSync(tmp, target);
      } catch (err) {
        this.abort();
        throw new OutputError(`cannot write ${file}: ${describeErrno(err)}`);
      }
    },
    abort() {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing more to do: the message of the first failure is the one that matters
      }
    },
  };
}

/** What {@link writeFileAtomic} wrote: the real file, and the symbolic link followed to it (if any). */
export interface Written {
  path: string;
  via?: string;
}

/**
 * Writes a file so that readers see either the old content or the whole new one: the data
 * goes to a temporary file in the same folder (created exclusively), is flushed, then renamed
 * over the target. `data` may be one string or a sequence of chunks (a large JSON document is
 * written piece by piece, never held as one string). The target must be a regular file or a
 * new path ({@link prepareWrite}); on any failure the temporary file is removed and an
 * {@link OutputError} says why.
 */
export function writeFileAtomic(file: string, data: string | Iterable<string>): Written {
  const w = prepareWrite(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(w.tmp, 'wx', 0o644);
    const pieces = typeof data === 'string' ? [data] : data;
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      if (!pending.length) return;
      const buf = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      size = 0;
      for (let off = 0; off < buf.length; ) off += fs.writeSync(fd!, buf, off, buf.length - off);
    };
    for (const piece of pieces) {
      pending.push(piece);
      size += piece.length;
      if (size >= 1 << 20) flush();
    }
    flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    w.abort();
    // a system error is about the path (full disk, permissions); anything else is a bug, kept as is
    if (err instanceof OutputError || typeof (err as NodeJS.ErrnoException)?.code !== 'string') throw err;
    throw new OutputError(`cannot write ${file}: ${describeErrno(err)}`);
  }
  w.commit();
  return { path: w.target, via: w.via };
}
