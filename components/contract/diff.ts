/**
 * Classifies every change between a published contract and its new version as breaking (a consumer
 * that relied on the old contract can fail, lose data or must act) or compatible, with the reason.
 * Every key of the contract, of a field, of the SLOs, of the quality rules and of the access rules
 * has a classifier in a typed table (`Classifiers<T>`, `change.ts`): a key added without one fails
 * `tsc`. The rules describe what consumers receive, so looser is breaking and tighter compatible.
 *
 * | change                                                        | class      |
 * |---------------------------------------------------------------|------------|
 * | domain or product renamed                                     | breaking   |
 * | id, version                                                   | not here: the id is domain, product and major; the version gate (`version.ts`, `review.ts`) judges versions |
 * | field removed or renamed                                      | breaking   |
 * | field type changed (narrowed or other)                        | breaking   |
 * | field type widened (int → bigint, decimal(p,s) → decimal(p+n,s)) | compatible |
 * | optional → required (records with nulls are refused), required → optional | breaking |
 * | required field added (records without it are refused)         | breaking   |
 * | optional field added                                          | compatible |
 * | field becomes PII / is no longer PII                          | breaking / compatible |
 * | accepted values added or the list dropped, min lowered or dropped, max raised or dropped, unique dropped | breaking |
 * | accepted values removed or a list added, min raised or added, max lowered or added, unique added | compatible |
 * | classification raised / lowered                               | breaking / compatible |
 * | a domain removed from access.consumers, or a list that serves fewer domains than before | breaking |
 * | a domain added to access.consumers, or a list that serves more | compatible |
 * | a domain removed from access.pii while fields are PII (it reads the PII-free projection) | breaking |
 * | a domain added to access.pii                                  | compatible |
 * | status → deprecated or retired (later in the lifecycle), or back to draft | breaking |
 * | status → active (draft promoted, deprecation withdrawn), retired → deprecated | compatible |
 * | schedule with a longer gap between runs (hourly → daily)      | breaking   |
 * | schedule with the same or a shorter longest gap               | compatible |
 * | quality.rowCount min lowered or dropped, max raised or dropped | breaking  |
 * | quality.rowCount min raised or added, max lowered or added    | compatible |
 * | quality.volumeChange, freshness, metrics: looser / tighter (`qualityDiff.ts`) | breaking / compatible |
 * | freshness or availability SLO loosened / tightened            | breaking / compatible |
 * | owner, description, terms                                     | compatible (informational) |
 */
import { humanDuration, longestGapMinutes } from "../declaration/freshness.js";
import { CLASSIFICATIONS, OPEN_CLASSIFICATIONS, PRODUCT_STATUSES } from "../declaration/schema.js";
import { durationMinutes } from "../declaration/units.js";
import {
  boundChanges,
  type Classifier,
  type Classifiers,
  type ContractChange,
  change,
  classifyEach,
  informational,
} from "./change.js";
import { type Contract, piiFields } from "./contract.js";
import { schemaChanges } from "./fieldDiff.js";
import { primaryKeyChanges } from "./keyDiff.js";
import { freshnessCheckChanges, metricChanges, sqlCheckChanges, volumeChangeChanges } from "./qualityDiff.js";

export type { ChangeClass, ContractChange } from "./change.js";
export { formatChange } from "./change.js";

/** Consumers address the product by its domain and name: they read another product after the change. */
const identity =
  (what: string): Classifier<string> =>
  (before, after, path) =>
    before === after
      ? []
      : [
          change(
            "breaking",
            path,
            `${what} ${before} → ${after}`,
            `consumers read ${before}: it no longer exists`,
          ),
        ];

/** The classifier of a key another check judges (see where it is used). */
const judgedElsewhere: Classifier<unknown> = () => [];

const rank = (c: Contract["classification"]) => CLASSIFICATIONS.indexOf(c);

/** Who the product serves: the domains it lists, or, when it lists none, every domain if it is open. */
const served = (c: Contract): readonly string[] | "every domain" =>
  c.access.consumers ?? (OPEN_CLASSIFICATIONS.includes(c.classification) ? "every domain" : []);

const ACCESS: Classifiers<Contract["access"]> = {
  consumers: (before, after, path, scope) => {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const was = served(scope.before);
    const now = served(scope.after);
    if (was === "every domain") {
      if (now === "every domain") return [];
      return [
        change(
          "breaking",
          path,
          `consumers limited to ${now.join(", ") || "none"}`,
          "every domain of the mesh could consume the product: the others no longer may",
        ),
      ];
    }
    if (now === "every domain") {
      return [
        change(
          "compatible",
          path,
          "consumers no longer listed",
          "every domain of the mesh may now consume it",
        ),
      ];
    }
    return [
      ...was
        .filter((d) => !now.includes(d))
        .map((d) => change("breaking", path, `${d} removed`, `${d} may no longer consume the product`)),
      ...now
        .filter((d) => !was.includes(d))
        .map((d) => change("compatible", path, `${d} added`, `${d} may now consume the product`)),
    ];
  },
  pii: (before, after, path, scope) => {
    const pii = piiFields(scope.after);
    return [
      ...before
        .filter((d) => !after.includes(d))
        .map((d) =>
          pii.length > 0
            ? change(
                "breaking",
                path,
                `${d} removed`,
                `${d} loses the PII fields (${pii.join(", ")}): it reads the PII-free projection`,
              )
            : change("compatible", path, `${d} removed`, `no field is PII: ${d} reads the same table`),
        ),
      ...after
        .filter((d) => !before.includes(d))
        .map((d) =>
          change("compatible", path, `${d} added`, `${d} reads the PII fields too: it only gains columns`),
        ),
    ];
  },
};

type RowCount = NonNullable<Contract["quality"]["rowCount"]>;

const rowCountBound =
  (bound: "min" | "max"): Classifier<number | undefined> =>
  (before, after, path) => {
    const side = bound === "min" ? "fewer" : "more";
    return boundChanges(bound, before, after, path, {
      looser: (old) =>
        `a table with ${side} than ${old} rows now passes the quality check and reaches consumers`,
      tighter: (now) =>
        `a table with ${side} than ${now} rows is held back; every table that passes passed before`,
    });
  };

const ROW_COUNT: Classifiers<RowCount> = { min: rowCountBound("min"), max: rowCountBound("max") };

// A rule removed is each of its bounds removed: the same verdicts, named bound by bound.
const QUALITY: Classifiers<Contract["quality"]> = {
  rowCount: (before, after, path, scope) => classifyEach(ROW_COUNT, before ?? {}, after ?? {}, path, scope),
  volumeChange: volumeChangeChanges,
  freshness: freshnessCheckChanges,
  metrics: metricChanges,
  sql: sqlCheckChanges,
};

const SLOS: Classifiers<Contract["slos"]> = {
  freshness: (before, after, path) => {
    const [a, b] = [durationMinutes(before)!, durationMinutes(after)!];
    if (a === b) return [];
    const description = `freshness ${before} → ${after}`;
    return b > a
      ? [
          change(
            "breaking",
            path,
            description,
            `data may be up to ${after} old, consumers were promised ${before}`,
          ),
        ]
      : [change("compatible", path, description, "consumers are promised fresher data")];
  },
  availability: (before, after, path) => {
    if (before === after) return [];
    const description = `availability ${before ?? "none"} → ${after ?? "none"}`;
    return (after ?? 0) < (before ?? 0)
      ? [
          change(
            "breaking",
            path,
            description,
            "the product may be unavailable longer than consumers planned for",
          ),
        ]
      : [change("compatible", path, description, "consumers are promised more availability")];
  },
};

/**
 * The lifecycle, in order: `draft` (may change without notice), `active` (supported), `deprecated`
 * (consumers should move off it), `retired` (no new consumers). Moving later than `active` asks
 * every consumer to migrate; moving back to `draft` withdraws the stability promise they rely on.
 * Becoming `active`, or `retired` → `deprecated`, only gives consumers more time or support.
 */
const status: Classifier<Contract["status"]> = (before, after, path) => {
  if (before === after) return [];
  const description = `status ${before} → ${after}`;
  const at = (s: Contract["status"]) => PRODUCT_STATUSES.indexOf(s);
  if (after === "draft") {
    return [
      change(
        "breaking",
        path,
        description,
        "a draft may change without notice: consumers lose the stability promise",
      ),
    ];
  }
  if (after !== "active" && at(after) > at(before)) {
    return [
      change(
        "breaking",
        path,
        description,
        after === "retired"
          ? "it takes no new consumers and its consumers must migrate off it"
          : "its consumers must migrate off it before it is retired",
      ),
    ];
  }
  return [
    change(
      "compatible",
      path,
      description,
      after === "active" ? "consumers get a supported product" : "consumers get more time to migrate",
    ),
  ];
};

/** Data is as fresh as the longest gap between two runs: a longer gap means staler data. */
const schedule: Classifier<string> = (before, after, path) => {
  if (before === after) return [];
  const [a, b] = [longestGapMinutes(before) ?? Infinity, longestGapMinutes(after) ?? Infinity];
  const gap = (m: number) => (m === Infinity ? "never runs" : `${humanDuration(m)} between runs at most`);
  const description = `schedule "${before}" → "${after}"`;
  if (b > a) {
    return [
      change(
        "breaking",
        path,
        description,
        `refreshed less often: ${gap(b)}, was ${gap(a)}; consumers see staler data`,
      ),
    ];
  }
  return [
    change(
      "compatible",
      path,
      description,
      b < a ? `refreshed more often: ${gap(b)}, was ${gap(a)}` : `refreshed as often: ${gap(b)}`,
    ),
  ];
};

/** Every key of the contract, classified, in the order changes are listed. */
const CONTRACT: Classifiers<Contract> = {
  // The id is `<domain>.<product>.v<major>`: each part is judged on its own, so a change to it is not.
  id: judgedElsewhere,
  domain: identity("domain"),
  product: identity("product"),
  // The version gate (version.ts, review.ts) judges the version against the changes found here.
  version: judgedElsewhere,
  schema: (before, after, path, scope) => [
    ...schemaChanges(before, after, path, scope),
    ...primaryKeyChanges(before, after, path),
  ],
  classification: (before, after, path, scope) => {
    if (before === after) return [];
    const description = `classification ${before} → ${after}`;
    if (rank(after) < rank(before)) {
      return [change("compatible", path, description, "consumers may handle the data under looser rules")];
    }
    const closes =
      OPEN_CLASSIFICATIONS.includes(before) &&
      !OPEN_CLASSIFICATIONS.includes(after) &&
      scope.after.access.consumers === undefined;
    const reason = `consumers must handle the data as ${after}${closes ? `, and a ${after} product that lists no consumers serves none` : ""}`;
    return [change("breaking", path, description, reason)];
  },
  access: (before, after, path, scope) => classifyEach(ACCESS, before, after, path, scope),
  status,
  slos: (before, after, path, scope) => classifyEach(SLOS, before, after, path, scope),
  schedule,
  quality: (before, after, path, scope) => classifyEach(QUALITY, before, after, path, scope),
  owner: informational("owner", "informational: who to ask changed, the data did not"),
  description: informational("description", "informational: the data is unchanged"),
  terms: informational("terms of use", "informational: the data is unchanged"),
};

/** Every change from `before` to `after`: identity, schema, then the contract's other keys. */
export const diffContracts = (before: Contract, after: Contract): ContractChange[] =>
  classifyEach(CONTRACT, before, after, "", { before, after });

export const isBreaking = (changes: readonly ContractChange[]) => changes.some((c) => c.class === "breaking");
