/**
 * `npm run key -- create --scope write|admin|read --name NAME`: creates an API key; the key is the
 * last line of stdout (shown once; only its hash is stored).
 * `npm run key -- revoke NAME`, `npm run key -- list`. Exit 2 on bad usage, 1 on failure.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { startDatabase } from '../data/database';
import type { Scope } from '../data/repositories/api-key.repository';
import { createQuietLogger } from '../logger';
import { ApiKeyService, KeyError, SCOPES } from '../services/api-key.service';

const USAGE = `usage:
  npm run key -- create --scope read|write|admin --name NAME
  npm run key -- revoke NAME
  npm run key -- list`;

export interface KeyIo {
  stdout(s: string): void;
  stderr(s: string): void;
  env?: NodeJS.ProcessEnv;
}

type Command = { cmd: 'create'; scope: Scope; name: string } | { cmd: 'revoke'; name: string } | { cmd: 'list' };

function parse(argv: string[]): Command {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { scope: { type: 'string' }, name: { type: 'string' } },
  });
  const [cmd, ...rest] = positionals;
  if (cmd === 'create') {
    if (!values.name) throw new KeyError('create needs --name NAME');
    const scope = (values.scope ?? 'write') as Scope;
    if (!SCOPES.includes(scope)) throw new KeyError(`--scope must be one of ${SCOPES.join(', ')}, got "${values.scope}"`);
    return { cmd, scope, name: values.name };
  }
  if (cmd === 'revoke') {
    const name = rest[0] ?? values.name;
    if (!name) throw new KeyError('revoke needs a key NAME');
    return { cmd, name };
  }
  if (cmd === 'list') return { cmd };
  throw new KeyError(cmd ? `unknown command "${cmd}"` : 'missing command');
}

export async function main(argv: string[], io: KeyIo): Promise<number> {
  let command: Command;
  try {
    command = parse(argv);
  } catch (e) {
    io.stderr(`key: ${e instanceof Error ? e.message : e}\n${USAGE}\n`);
    return 2;
  }
  const db = await startDatabase(loadConfig(io.env ?? process.env), createQuietLogger());
  try {
    await db.migrate();
    const keys = new ApiKeyService(db.dataSource);
    if (command.cmd === 'create') {
      const { key, row } = await keys.create(command.name, command.scope);
      io.stdout(`created key "${row.name}" with scope ${row.scopes.join(',')} (shown once; only its hash is stored):\n${key}\n`);
    } else if (command.cmd === 'revoke') {
      const n = await keys.revoke(command.name);
      if (!n) {
        io.stderr(`key: no live key named "${command.name}"\n`);
        return 1;
      }
      io.stdout(`revoked key "${command.name}"\n`);
    } else {
      for (const k of await keys.list()) {
        io.stdout(`${k.name}\t${k.scopes.join(',')}\t${k.prefix}…\tcreated ${k.createdAt.toISOString()}${k.revokedAt ? `\trevoked ${k.revokedAt.toISOString()}` : ''}\n`);
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof KeyError) {
      io.stderr(`key: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await db.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`key failed: ${e instanceof Error ? e.message : e}\n`);
      process.exit(1);
    },
  );
}
