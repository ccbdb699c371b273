import { Classification, defineDomain } from "@datamesh/platform";

export default defineDomain({
  name: "customers",
  owner: { team: "crm", email: "crm-team@example.com" },
  description: "Customer master data from the CRM.",
  dataProducts: [
    {
      name: "customers",
      version: "2.0.0",
      description: "One row per customer, as currently known to the CRM.",
      // Holds PII (email, name): governance requires confidential or restricted.
      classification: Classification.Confidential,
      schema: {
        customer_id: { type: "string", required: true, unique: true, description: "Customer identifier." },
        email: { type: "string", required: true, pii: true, description: "Contact email." },
        full_name: { type: "string", pii: true, description: "Name as entered by the customer." },
        segment: {
          type: "string",
          required: true,
          accepted: ["consumer", "business", "enterprise"],
          description: "Commercial segment.",
        },
        country: { type: "string", required: true, description: "ISO 3166-1 alpha-2 country code." },
        signed_up_on: { type: "date", required: true, description: "Day the account was created." },
      },
      ingestion: { partitions: 6, retentionDays: 14 },
      transform: {
        sql: `SELECT customer_id, email, full_name, segment, country, signed_up_on
FROM staging
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY signed_up_on DESC) = 1`,
        schedule: "0 * * * *",
      },
      slos: { freshness: "1d", availability: 99 },
      terms: "Personal data under GDPR: use only for the declared purpose; never export it.",
      // Confidential: only the domains listed here may consume it (analytics asked, crm agreed).
      // None is admitted to email and full_name: consumers read the table without them.
      access: { consumers: ["analytics"], pii: [] },
    },
  ],
});
