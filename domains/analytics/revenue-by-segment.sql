-- Consumed products are available as <domain>__<product> (hyphens become underscores).
SELECT
  CAST(o.ordered_at AS DATE) AS day,
  c.segment,
  count(*) AS order_count,
  CAST(sum(o.amount) AS DECIMAL(18, 2)) AS revenue
FROM orders__orders AS o
JOIN customers__customers AS c USING (customer_id)
WHERE o.status IN ('paid', 'shipped')
GROUP BY ALL
ORDER BY day, c.segment
