import { Classification, defineDomain } from "@datamesh/platform";

export default defineDomain({
  name: "orders",
  owner: { team: "checkout", email: "checkout-team@example.com" },
  description: "Orders placed in the web shop and their status changes.",
  dataProducts: [
    {
      name: "orders",
      version: "1.2.0",
      description: "One row per order, at its latest status.",
      classification: Classification.Internal,
      schema: {
        order_id: { type: "string", required: true, description: "Order identifier." },
        customer_id: { type: "string", required: true, description: "Customer who placed the order." },
        ordered_at: { type: "timestamp", required: true, description: "When the order was placed (UTC)." },
        status: { type: "string", required: true, description: "placed, paid, shipped or cancelled." },
        amount: { type: "decimal(12,2)", required: true, description: "Order total, tax included." },
        currency: { type: "string", required: true, description: "ISO 4217 currency code." },
      },
      ingestion: { partitions: 12, retentionDays: 7 },
      transform: {
        sqlFile: "orders.sql",
        schedule: "*/15 * * * *",
        resources: { cpu: "500m", memory: "1Gi" },
      },
      slos: { freshness: "1h", availability: 99.5 },
    },
  ],
});
