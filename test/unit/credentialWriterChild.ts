/**
 * A separate writer process for the credential-writer tests (run with `node --import tsx`):
 *   pause <file> <profile>          write once, stop between the temp write and the rename (prints "paused <temp>")
 *   loop <file> <prefix> <n> <go>   wait for the file <go>, then write profiles <prefix>0..<prefix>n-1
 *   forever <file> <profile>        write the profile over and over (prints "started" after the first write)
 * Every write carries a secret naming its process and round, so a torn or leaked write can be told apart.
 */
import * as fs from 'node:fs';
import { writeProfileFile } from '../../client/src/iniWriter';

const [mode, file, a, b, c] = process.argv.slice(2);

function entries(round: number) {
  return {
    aws_access_key_id: `ASIA${process.pid}R${round}`,
    aws_secret_access_key: `SECRET-${process.pid}-${round}`,
    aws_session_token: `TOKEN-${process.pid}-${round}`,
  };
}

async function main(): Promise<void> {
  if (!file) throw new Error('usage: credentialWriterChild <mode> <file> ...');
  if (mode === 'pause') {
    await writeProfileFile(file, a!, entries(0), {
      replaceExisting: true,
      hooks: {
        beforeRename: (temp) => {
          process.stdout.write(`paused ${temp}\n`);
          return new Promise<void>(() => setInterval(() => undefined, 60_000));
        },
      },
    });
  } else if (mode === 'loop') {
    const n = Number(b);
    process.stdout.write('ready\n');
    while (!fs.existsSync(c!)) await new Promise((r) => setTimeout(r, 2));
    for (let i = 0; i < n; i++) await writeProfileFile(file, `${a}${i}`, entries(i));
    process.stdout.write('done\n');
  } else if (mode === 'forever') {
    for (let i = 0; ; i++) {
      await writeProfileFile(file, a!, entries(i), { replaceExisting: true });
      if (i === 0) process.stdout.write('started\n');
    }
  } else throw new Error(`unknown mode ${mode}`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
