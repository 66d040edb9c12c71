"""Deterministic synthetic demo data (``manage.py seed_demo``).

Everything here is invented: the province "Tỉnh Hòa Giang", its communes, people, ratings,
decisions and the numbers of the documents. Generators draw from one ``random.Random``
seeded by the command, never from global state or the clock, so a seed always yields the
same data. See docs/demo-data.md.
"""
