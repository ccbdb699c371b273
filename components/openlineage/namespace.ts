/**
 * The job namespace of an environment's mesh, `<namePrefix>-<environment>`: the name its resources
 * share, the same for the runs (the TransformJob's `--lineage-namespace`) and the design-time
 * lineage (`mesh plan --lineage-out`).
 */
export const meshNamespace = (namePrefix: string, environment: string) => `${namePrefix}-${environment}`;
