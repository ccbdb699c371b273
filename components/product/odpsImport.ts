/**
 * An ODPS data product descriptor, with the ODCS contract its output port names, as a mesh data
 * product declaration and the consumptions its domain must declare. The contract says what the
 * product is (schema, quality, SLOs: the ODCS import reads it); the descriptor says where it sits
 * (its domain, owner, lifecycle status, and the products it reads, each a mesh product's contract
 * at a major). A mesh product has one output; a descriptor that needs more, or reads data the mesh
 * does not publish, is refused with where and why.
 */
import type { z } from "zod";
import { child, OdcsImportError } from "../contract/odcs/errors.js";
import { ignoredFields } from "../contract/odcs/ignored.js";
import { fromOdcs, type ImportedProduct } from "../contract/odcs/importOdcs.js";
import { toDnsLabel } from "../contract/odcs/names.js";
import { ConsumesSchema, PRODUCT_STATUSES } from "../declaration/schema.js";
import { INPUT_PROPERTY } from "./odpsExport.js";
import { ODPS_API_VERSION, type OdpsProblem, odpsSchemaProblems } from "./odpsValidate.js";

type Obj = Record<string, unknown>;
export type ConsumptionInput = z.input<typeof ConsumesSchema>;

/** The descriptor is not valid ODPS, or asks for what the mesh cannot be. User input: exit 2. */
export class OdpsImportError extends OdcsImportError {
  constructor(summary: string, problems: readonly OdpsProblem[]) {
    super(summary, problems);
    this.name = "OdpsImportError";
  }
}

export interface ImportedDataProduct extends ImportedProduct {
  /** What the product's domain must declare in `consumes` for its transform to read its inputs. */
  readonly consumes: readonly ConsumptionInput[];
}

const UNSUPPORTED = "the descriptor cannot become a mesh data product:";

/** A mesh product's contract id, `<domain>.<product>.v<major>`, as the consumption it stands for. */
const CONTRACT_ID = /^([^.]+)\.([^.]+)\.v(\d+)$/;

function consumptionOf(port: Obj, at: string, problems: OdpsProblem[]): ConsumptionInput | undefined {
  const id = String(port.contractId);
  const match = CONTRACT_ID.exec(id);
  const purpose = ((port.customProperties as Obj[] | undefined) ?? []).find(
    (c) => c.property === INPUT_PROPERTY.purpose,
  )?.value;
  const consumption = match && {
    domain: match[1]!,
    product: match[2]!,
    major: Number(match[3]),
    ...(typeof purpose === "string" ? { purpose } : {}),
  };
  const parsed = consumption ? ConsumesSchema.safeParse(consumption) : undefined;
  const purposeIssue = parsed?.error?.issues.find((i) => i.path[0] === "purpose");
  if (purposeIssue) {
    problems.push({ path: child(at, "customProperties"), message: `purpose: ${purposeIssue.message}` });
    return undefined;
  }
  if (!consumption || !parsed?.success) {
    problems.push({
      path: child(at, "contractId"),
      message: `"${id}" is not a mesh product's contract id (<domain>.<product>.v<major>): a product reads only products of the mesh, by domain, product and major`,
    });
    return undefined;
  }
  const major = String(port.version).replace(/^v/, "").split(".")[0];
  if (major !== String(consumption.major)) {
    problems.push({
      path: child(at, "version"),
      message: `"${port.version}" is not major ${consumption.major}, the major ${id} names`,
    });
  }
  return consumption;
}

const STATUSES: Record<string, (typeof PRODUCT_STATUSES)[number]> = {
  ...Object.fromEntries(PRODUCT_STATUSES.map((s) => [s, s])),
  // The mesh has no proposal stage: a proposed product is a draft until it is published.
  proposed: "draft",
};

const sameVersion = (a: unknown, b: unknown) => String(a).replace(/^v/, "") === String(b).replace(/^v/, "");

function ownerOf(doc: Obj): ImportedProduct["owner"] {
  const team = doc.team as Obj | undefined;
  const members = (team?.members as Obj[] | undefined) ?? [];
  const owner = members.find((m) => String(m.role).toLowerCase() === "owner") ?? members[0];
  const email = owner?.username as string | undefined;
  if (typeof team?.name !== "string" || !email?.includes("@")) return undefined;
  return { team: toDnsLabel(team.name), email };
}

/** A schema-valid descriptor as the mesh reads it, with every problem it has on its own. */
export interface CheckedDescriptor {
  readonly doc: Obj;
  /** The one output port's contract id and version; undefined when the ports are not one with a contractId. */
  readonly port?: { readonly contractId: string; readonly version: string };
  readonly status?: (typeof PRODUCT_STATUSES)[number];
  readonly consumes: readonly ConsumptionInput[];
  readonly problems: readonly OdpsProblem[];
}

/**
 * Reads what the mesh takes from a descriptor, collecting every problem (an output port count, an
 * input that is not a mesh product, a status the mesh has not) so one run names them all. Throws
 * when the document is not valid ODPS at all.
 */
export function checkDescriptor(doc: unknown): CheckedDescriptor {
  const invalid = odpsSchemaProblems(doc);
  if (invalid.length > 0) {
    throw new OdpsImportError(`not a valid ODPS ${ODPS_API_VERSION} data product descriptor:`, invalid);
  }
  const descriptor = doc as Obj;
  const problems: OdpsProblem[] = [];
  const ports = (descriptor.outputPorts as Obj[] | undefined) ?? [];
  if (ports.length === 0) {
    problems.push({
      path: "outputPorts",
      message: "none: a mesh data product has one output port, bound to its ODCS contract by contractId",
    });
  } else if (ports.length > 1) {
    const names = ports.map((p) => `${p.name} ${p.version}`).join(", ");
    problems.push({
      path: "outputPorts",
      message: `${ports.length} output ports (${names}): a mesh data product has one output, one contract; split the descriptor, one per output port`,
    });
  } else if (ports[0]!.contractId === undefined) {
    problems.push({
      path: "outputPorts[0].contractId",
      message: "missing: the mesh builds a product from its ODCS contract, which the output port must name",
    });
  }
  const rawStatus = String(descriptor.status);
  const status = STATUSES[rawStatus.toLowerCase()];
  if (status === undefined) {
    problems.push({
      path: "status",
      message: `"${rawStatus}" is not a mesh status (${Object.keys(STATUSES).join(", ")})`,
    });
  }
  const consumes = ((descriptor.inputPorts as Obj[] | undefined) ?? []).flatMap((p, i) => {
    const consumption = consumptionOf(p, child("inputPorts", i), problems);
    return consumption ? [consumption] : [];
  });
  const one = ports.length === 1 && ports[0]!.contractId !== undefined ? ports[0]! : undefined;
  return {
    doc: descriptor,
    ...(one ? { port: { contractId: String(one.contractId), version: String(one.version) } } : {}),
    ...(status ? { status } : {}),
    consumes,
    problems,
  };
}

/**
 * The declaration a descriptor and its output port's contract make. `contract` is the ODCS document
 * and the file it was read from (undefined when none was found); the ODCS import reads it, and its
 * errors are thrown as they are. Descriptor problems throw {@link OdpsImportError}, all at once.
 */
export function fromOdps(
  checked: CheckedDescriptor,
  contract: { readonly doc: unknown; readonly source: string } | undefined,
): ImportedDataProduct {
  const { doc: descriptor, port, status } = checked;
  const problems = [...checked.problems];
  const odcs = (contract?.doc ?? {}) as Obj;
  const odcsSource = contract?.source ?? "";
  if (port && !contract) {
    problems.push({
      path: "outputPorts[0].contractId",
      message: `no ODCS contract "${port.contractId}" beside the descriptor (no *.odcs.yaml there has that id); give it with --contract FILE.odcs.yaml`,
    });
  }
  if (port && contract) {
    if (odcs.id !== port.contractId) {
      problems.push({
        path: "outputPorts[0].contractId",
        message: `"${port.contractId}", but ${odcsSource} is the contract "${odcs.id}"`,
      });
    }
    if (!sameVersion(port.version, odcs.version)) {
      problems.push({
        path: "outputPorts[0].version",
        message: `"${port.version}", but ${odcsSource} is version ${odcs.version}: the output port serves the contract's version`,
      });
    }
    if (descriptor.version !== undefined && !sameVersion(descriptor.version, odcs.version)) {
      problems.push({
        path: "version",
        message: `"${descriptor.version}", but its contract ${odcsSource} is version ${odcs.version}: a mesh product's version is its contract's`,
      });
    }
  }
  if (problems.length > 0 || !status) throw new OdpsImportError(UNSUPPORTED, problems);

  const imported = fromOdcs(odcs);
  const warnings = [...imported.warnings];
  const rawStatus = String(descriptor.status);
  if (status !== rawStatus) warnings.push(`status: "${rawStatus}" → "${status}"`);
  const name = typeof descriptor.name === "string" ? toDnsLabel(descriptor.name) : undefined;
  if (name !== undefined && name !== imported.product.name) {
    warnings.push(
      `name: "${descriptor.name}"; the product is named "${imported.product.name}", as its contract`,
    );
  }
  const domain = typeof descriptor.domain === "string" ? toDnsLabel(descriptor.domain) : imported.domain;
  if (imported.domain !== undefined && domain !== imported.domain) {
    warnings.push(`domain: "${domain}"; its contract ${odcsSource} says "${imported.domain}"`);
  }
  const owner = ownerOf(descriptor) ?? imported.owner;
  if (
    imported.owner &&
    owner &&
    (owner.team !== imported.owner.team || owner.email !== imported.owner.email)
  ) {
    warnings.push(
      `team: ${owner.team} <${owner.email}>; its contract ${odcsSource} says ${imported.owner.team} <${imported.owner.email}>`,
    );
  }
  const purpose = (descriptor.description as Obj | undefined)?.purpose;
  if (typeof purpose === "string" && purpose !== imported.product.description) {
    warnings.push(`description.purpose: the product keeps its contract's (${odcsSource})`);
  }
  warnings.push(
    ...ignoredFields(
      descriptor,
      ["apiVersion", "kind", "id", "name", "version", "status", "domain", "description", "team"].concat([
        "inputPorts",
        "outputPorts",
        "managementPorts",
        "support",
      ]),
      "",
    ),
    ...(Array.isArray(descriptor.managementPorts) && descriptor.managementPorts.length > 0
      ? ["managementPorts ignored: the platform makes its own (the product's catalog page)"]
      : []),
    // The export lists the owner's address as the support channel: reading it back loses nothing.
    ...(((descriptor.support as Obj[] | undefined) ?? []).every((s) => s.url === `mailto:${owner?.email}`)
      ? []
      : ignoredFields({ support: descriptor.support }, [], "")),
    ...((descriptor.inputPorts as Obj[] | undefined) ?? []).flatMap((p, i) => [
      ...ignoredFields(p, ["name", "version", "contractId", "customProperties"], child("inputPorts", i)),
      // `redacted` is the platform's to decide (PII access), not the descriptor's to claim.
      ...((p.customProperties as Obj[] | undefined) ?? []).flatMap((c, j) =>
        Object.values(INPUT_PROPERTY).includes(c.property as never)
          ? []
          : [
              `${child(child(child("inputPorts", i), "customProperties"), j)} (${c.property}) ignored: not a property the mesh reads`,
            ],
      ),
    ]),
    ...ignoredFields(
      (descriptor.outputPorts as Obj[])[0]!,
      ["name", "description", "type", "version", "contractId"],
      "outputPorts[0]",
    ),
  );
  return {
    product: { ...imported.product, status },
    ...(domain !== undefined ? { domain } : {}),
    ...(owner !== undefined ? { owner } : {}),
    consumes: checked.consumes,
    warnings,
  };
}
