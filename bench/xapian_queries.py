#!/usr/bin/python3
"""Xapian alone on a jobmatch index: what the shapes of an opening search cost.

Prints the posting counts behind the plain query 焊工 and the best-of-7 time
of get_mset(0, 20, 10000) for the query shapes docs/performance.md compares:
焊工 with all five of its variants against the two that add matches, and
openings kept by their type term against courses and aid products excluded.

    bench/xapian_queries.py DATA_DIR/index      (Debian: python3-xapian)
"""
import sys
import time

import xapian

Q = xapian.Query


def both(*terms):
    return Q(Q.OP_AND, [Q(t) for t in terms])


def best_ms(db, query):
    enquire = xapian.Enquire(db)
    enquire.set_query(query)
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        enquire.get_mset(0, 20, 10000)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main():
    db = xapian.Database(sys.argv[1])
    print(f"documents {db.get_doccount()}")
    for term in ["焊工", "电焊", "焊接", "接工", "XTopening", "XTcourse", "XTaid"]:
        print(f"postings {term} {db.get_termfreq(term)}")
    # 焊工 and its synonyms 电焊工, 焊接工, 氩弧焊工, 二保焊工 as the AND of their bigrams.
    five = Q(Q.OP_OR, [Q("焊工"), both("电焊", "焊工"), both("焊接", "接工"),
                       both("氩弧", "弧焊", "焊工"), both("二保", "保焊", "焊工")])
    two = Q(Q.OP_OR, [Q("焊工"), both("焊接", "接工")])
    other_types = Q(Q.OP_OR, [Q("XTcourse"), Q("XTaid")])
    shapes = [
        ("焊工 alone", Q("焊工")),
        ("five variants", five),
        ("two variants", two),
        ("two variants, type term as filter", Q(Q.OP_FILTER, two, Q("XTopening"))),
        ("two variants, courses and aid excluded", Q(Q.OP_AND_NOT, two, other_types)),
    ]
    for name, query in shapes:
        print(f"ms {name}: {best_ms(db, query):.1f}")


main()
