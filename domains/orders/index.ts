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
        order_id: { type: "string", required: true, unique: true, description: "Order identifier." },
        customer_id: { type: "string", required: true, description: "Customer who placed the order." },
        ordered_at: { type: "timestamp", required: true, description: "When the order was placed (UTC)." },
        status: {
          type: "string",
          required: true,
          accepted: ["placed", "paid", "shipped", "cancelled"],
          description: "Where the order is in its life.",
        },
        amount: { type: "decimal(12,2)", required: true, min: 0, description: "Order total, tax included." },
        currency: {
          type: "string",
          required: true,
          accepted: ["EUR", "GBP", "USD"],
          description: "ISO 4217 code.",
        },
      },
      ingestion: { partitions: 12, retentionDays: 7 },
      transform: {
        sqlFile: "orders.sql",
        schedule: "*/15 * * * *",
        // Latest event per order: re-applying the SQL to its own output plus new events gives the
        // same table, so each run reads the table and the new batches, not the whole history.
        incremental: true,
        resources: { cpu: "500m", memory: "1Gi" },
      },
      slos: { freshness: "1h", availability: 99.5 },
      quality: { rowCount: { min: 1 } },
      terms: "Internal use. Amounts are final only once status is paid or shipped.",
    },
  ],
});
