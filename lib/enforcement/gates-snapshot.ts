import type { TEnforcement } from './evaluate-enforcement';

/** The gates' figures as the stage history keeps them. */
export interface TGatesSnapshot {
  held: boolean;
  gates: { id: string; label: string; met: boolean; value: number | null; threshold: number; detail: string }[];
}

export function gatesSnapshot(e: TEnforcement): TGatesSnapshot {
  return { held: e.gates.every((g) => g.met), gates: e.gates.map((g) => ({ id: g.id, label: g.label, met: g.met, value: g.value, threshold: g.threshold, detail: g.detail })) };
}
