import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadError, downloadMovieLens } from './download';
import { latestFiles } from './fixtures';
import { readMovieLens } from './parse';

const tmp = mkdtempSync(join(tmpdir(), 'movielens-download-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A loopback HTTP server answering every request with (status, body). */
async function serve(status: number, body: Buffer | string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(status).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ml-latest-small.zip`, server };
}

describe('downloadMovieLens', () => {
  it('explains how to get the files by hand when the network fails', async () => {
    const { url, server } = await serve(200, '');
    await new Promise((resolve) => server.close(resolve)); // nothing listens there any more
    const dest = join(tmp, 'offline');
    const err = await downloadMovieLens('ml-latest-small', dest, { url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    const message = (err as Error).message;
    expect(message).toContain(`could not download ${url}`);
    expect(message).toContain('https://files.grouplens.org/datasets/movielens/ml-latest-small.zip');
    expect(message).toContain(`unzip ml-latest-small.zip -d ${dest}`);
    expect(message).toContain(`npm run import -- --data ${join(dest, 'ml-latest-small')}`);
  });

  it('reports an HTTP error status', async () => {
    const { url, server } = await serve(404, 'not here');
    try {
      await expect(downloadMovieLens('ml-latest-small', join(tmp, 'missing'), { url })).rejects.toThrow(/HTTP 404.*by hand/);
    } finally {
      server.close();
    }
  });

  const hasZipTools = ['zip', 'unzip'].every((cmd) => {
    try {
      execFileSync('which', [cmd], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!hasZipTools) console.warn('skipping download+unzip tests: the zip/unzip commands are not installed');
  const itWithZip = hasZipTools ? it : it.skip;

  /** a zip of the tiny ml-latest fixture, laid out as GroupLens does (one ml-latest-small/ folder) */
  function fixtureZip(): { zip: Buffer; sha256: Record<string, string> } {
    const src = join(tmp, `zip-src-${Math.random().toString(36).slice(2)}`);
    mkdirSync(join(src, 'ml-latest-small'), { recursive: true });
    const sha256: Record<string, string> = {};
    for (const [name, content] of Object.entries(latestFiles())) {
      writeFileSync(join(src, 'ml-latest-small', name), content);
      sha256[name] = createHash('sha256').update(content).digest('hex');
    }
    execFileSync('zip', ['-q', '-r', 'out.zip', 'ml-latest-small'], { cwd: src });
    return { zip: readFileSync(join(src, 'out.zip')), sha256 };
  }

  itWithZip('downloads, unzips and checks the files, giving a folder the parser reads', async () => {
    const { zip, sha256 } = fixtureZip();
    const { url, server } = await serve(200, zip);
    try {
      const dir = await downloadMovieLens('ml-latest-small', join(tmp, 'ok'), { url, sha256 });
      expect(dir).toBe(join(tmp, 'ok', 'ml-latest-small'));
      expect((await readMovieLens(dir)).ratings.count).toBe(6);
    } finally {
      server.close();
    }
  });

  itWithZip('rejects files whose SHA-256 differs from the expected release', async () => {
    const { zip } = fixtureZip();
    const { url, server } = await serve(200, zip);
    try {
      await expect(downloadMovieLens('ml-latest-small', join(tmp, 'bad-hash'), { url })).rejects.toThrow(/ratings\.csv has SHA-256 [0-9a-f]{64}, expected aa289ca8/);
    } finally {
      server.close();
    }
  });

  itWithZip('says when the download is not a zip', async () => {
    const { url, server } = await serve(200, '<html>maintenance</html>');
    try {
      await expect(downloadMovieLens('ml-latest-small', join(tmp, 'not-zip'), { url })).rejects.toThrow(/could not unzip/);
    } finally {
      server.close();
    }
  });
});
