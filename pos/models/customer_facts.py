"""What pricing needs to know about one customer, in one statement (one round trip to a server).
The first SELECT names each column's type: PostgreSQL settles a UNION's types branch by branch.

Rows of (kind, a, b, text, day, moment): kind 0 the customer (a: id, text: tier code, day: birthday); 1 a segment
(text: its code); 2 a special price (a: product, b: price); 3 a completed sale exists (a: its id); 4 a stamp entry
(a: earned, b: used, moment: when); 5 a promotion's uses (a: promotion, b: the sales it took part in).
"""

from __future__ import annotations

from pos.models.base import db

_SQL = (
    "SELECT 0, CAST(c.id AS BIGINT), CAST(NULL AS BIGINT), t.code, c.birthday, CAST(NULL AS TIMESTAMP) "
    "FROM customer c JOIN price_tier t ON t.id = c.tier_id "
    "WHERE c.id = {p} "
    "UNION ALL SELECT 1, NULL, NULL, g.code, NULL, NULL FROM customer_segment cs "
    "JOIN segment g ON g.id = cs.segment_id WHERE cs.customer_id = {p} "
    "UNION ALL SELECT 2, sp.product_id, sp.price, NULL, NULL, NULL FROM special_price sp WHERE sp.customer_id = {p} "
    "UNION ALL SELECT 3, bought.id, NULL, NULL, NULL, NULL FROM (SELECT s.id FROM sale s WHERE s.customer_id = {p} "
    "AND s.kind = 'sale' AND s.status = 'completed' LIMIT 1) AS bought "
    "UNION ALL SELECT 4, se.earned, se.used, NULL, NULL, se.created_at FROM stamp_entry se WHERE se.customer_id = {p} "
    "UNION ALL SELECT 5, r.promotion_id, COUNT(DISTINCT s.id), NULL, NULL, NULL FROM sale_line_reason r "
    "JOIN sale_line l ON l.id = r.line_id JOIN sale s ON s.id = l.sale_id WHERE s.customer_id = {p} "
    "AND s.kind = 'sale' AND s.status = 'completed' AND r.promotion_id IS NOT NULL GROUP BY r.promotion_id")
CUSTOMER, SEGMENT, SPECIAL_PRICE, BOUGHT, STAMPS, USES = range(6)


def customer_facts(customer_id: int) -> list[tuple]:
    """The rows described above (raw database values)."""
    return db.execute_sql(_SQL.format(p=db.obj.param), [customer_id] * 6).fetchall()
