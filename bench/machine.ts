// The lines above the table: the machine, Node, and every contender's version.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { PEER_PACKAGES } from './peers';
import { repoRoot, versionOf } from './paths';

export function describeMachine(): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `machine: ${availableParallelism()} cores (nproc), ${cpu}, ${process.platform} ${process.arch}`,
    `node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start`,
    `cache-to-disk ${ownVersion()} at ${commit()}, typescript ${versionOf('typescript', repoRoot)}, ts-patch ${versionOf('ts-patch', repoRoot)}, @babel/core ${versionOf('@babel/core', repoRoot)}`,
  ];
}

export function describePeers(): string {
  return `peers: ${PEER_PACKAGES.map((name) => `${name} ${versionOf(name)}`).join(', ')}`;
}

function ownVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'no git commit';
  }
}
