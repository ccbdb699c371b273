/**
 * mesh-resources-in-domain: a domain stack has exactly one Domain component, at its root (beside
 * or under the stack resource, as Pulumi registers it), and each finding names what is wrong.
 */
import { describe, expect, it } from "vitest";
import { domain } from "./cases/mesh.js";
import { findings, resource } from "./harness.js";

const RULE = "mesh-resources-in-domain";
const messages = async (resources: Parameters<typeof findings>[1]) =>
  (await findings(RULE, resources)).map((v) => [v.urn, v.message]);

describe(`${RULE}: the one Domain at the stack's root`, () => {
  it("accepts a Domain and its resources under the stack resource, as Pulumi registers them", async () => {
    const stack = resource("pulumi:pulumi:Stack", {}, { name: "mesh-prod" });
    const d = { ...domain(), parentUrn: stack.urn };
    const key = resource("aws:kms/key:Key", {}, { parentUrn: d.urn });
    expect(await findings(RULE, [stack, d, key])).toEqual([]);
  });

  it("reports each of two Domains at the root, by count, and the second as outside the first", async () => {
    const first = domain();
    const shadow = resource("mesh:index:Domain", {}, { name: "shadow" });
    expect(await messages([first, shadow])).toEqual([
      [
        first.urn,
        expect.stringMatching(
          /^mesh:index:Domain "marketing": a domain stack has exactly one .* this one has 2\.$/,
        ),
      ],
      [shadow.urn, expect.stringMatching(/^mesh:index:Domain "shadow": .* this one has 2\.$/)],
      // The first registered is taken as the stack's Domain; the other is outside it.
      [
        shadow.urn,
        expect.stringMatching(
          /^mesh:index:Domain "shadow" is not inside the stack's Domain component "marketing"/,
        ),
      ],
    ]);
  });

  it("reports a second Domain nested inside the first, and what it holds", async () => {
    const d = domain();
    const nested = resource("mesh:index:Domain", {}, { name: "shadow", parentUrn: d.urn });
    const found = await messages([d, nested]);
    expect(found).toEqual([
      [d.urn, expect.stringMatching(/this one has 2, not all at the root\.$/)],
      [nested.urn, expect.stringMatching(/this one has 2, not all at the root\.$/)],
    ]);
  });

  it("reports a lone Domain wrapped in a component of the domain file's making, and every resource", async () => {
    const wrapper = resource("acme:index:Wrapper", {});
    const d = { ...domain(), parentUrn: wrapper.urn };
    const found = await messages([wrapper, d]);
    expect(found).toEqual([
      [
        d.urn,
        expect.stringMatching(/^mesh:index:Domain "marketing": .* this one has 1, not all at the root\.$/),
      ],
      [
        wrapper.urn,
        expect.stringMatching(
          /^acme:index:Wrapper "res\d+" is not inside the stack's Domain component: the platform did not create it/,
        ),
      ],
      [d.urn, expect.stringMatching(/is not inside the stack's Domain component: /)],
    ]);
  });
});
