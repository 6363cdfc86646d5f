"""Quotes: who said what, the same quotation across outlets, and altered or misattributed quotes."""
