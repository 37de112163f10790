-- An ordinary query file: GrantCheck leaves it alone.
SELECT order_date, SUM(amount) AS revenue
FROM sales.orders
GROUP BY order_date
ORDER BY order_date;
