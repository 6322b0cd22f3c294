// Concurrent calls with the same key in one process share one execution: the first caller runs
// the body, later callers wait for its outcome. Callers that joined get their own copy of a
// stored result (deserialized from the bytes just written), exactly as a disk hit would give
// them, so no two callers ever share a mutable object by accident of timing — also when the
// result was not stored (a write fault, writes paused, NoCacheCondition): then joiners get a copy
// made on the spot, unless the value cannot be copied faithfully (an unstorable result).
import { deserialize, serialize } from 'node:v8';
import type { Site } from './site';
import { storability } from './storable';

/** What a finished execution produced. */
export interface Outcome {
  value: unknown;
  /** The serialized result, when it was stored: joiners deserialize their copy from it. */
  payload: Buffer | undefined;
}

const flights = new Map<string, Promise<Outcome>>();

export function pendingFlight(key: string): Promise<Outcome> | undefined {
  return flights.size === 0 ? undefined : flights.get(key);
}

/** Registers `flight` under `key` until it settles. */
export function startFlight(key: string, flight: Promise<Outcome>): Promise<Outcome> {
  flights.set(key, flight);
  const done = (): void => {
    if (flights.get(key) === flight) flights.delete(key);
  };
  flight.then(done, done);
  return flight;
}

/** A later caller's share of a running execution: a hit if its result was stored. */
export function joinFlight(site: Site, flight: Promise<Outcome>): Promise<unknown> {
  return flight.then(
    (outcome) => {
      if (outcome.payload !== undefined) {
        site.stats.hits++;
        return deserialize(Buffer.from(outcome.payload));
      }
      site.stats.misses++;
      site.stats.nocache++;
      return privateCopy(outcome.value);
    },
    (error: unknown) => {
      site.stats.misses++;
      throw error;
    },
  );
}

function privateCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || storability(value).problem !== undefined) return value;
  try {
    return deserialize(serialize(value));
  } catch {
    return value;
  }
}
