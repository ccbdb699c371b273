-- One row per order: the latest event of each order wins.
SELECT order_id, customer_id, ordered_at, status, amount, currency
FROM staging
QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY ordered_at DESC, status DESC) = 1
