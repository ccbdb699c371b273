import { Classification, defineDomain } from "@datamesh/platform";

export default defineDomain({
  name: "analytics",
  owner: { team: "insights", email: "insights-team@example.com" },
  description: "Company-wide business metrics built from other domains' products.",
  consumes: [
    { domain: "orders", product: "orders", major: 1, purpose: "Revenue reporting" },
    { domain: "customers", product: "customers", major: 2, purpose: "Segment attribution" },
  ],
  dataProducts: [
    {
      name: "revenue-by-segment",
      version: "2.0.0",
      description: "One row per customer segment and day: paid orders and revenue.",
      // Confidential because it exposes customers' segment (a confidential product's column):
      // a product is at least as restricted as the inputs it exposes columns of.
      classification: Classification.Confidential,
      schema: {
        day: { type: "date", required: true, description: "Order day (UTC)." },
        segment: { type: "string", required: true, description: "Customer segment." },
        order_count: { type: "bigint", required: true, min: 0, description: "Paid or shipped orders." },
        revenue: { type: "decimal(18,2)", required: true, min: 0, description: "Sum of order totals." },
      },
      // Derived only from other domains' products: no raw records, so no topic, sink or staging.
      ingestion: false,
      transform: { sqlFile: "revenue-by-segment.sql", schedule: "5 * * * *" },
      slos: { freshness: "2h" },
    },
  ],
});
