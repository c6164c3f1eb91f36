"""Language: the zh/en cues the dialogue reads, the reply templates, and wording that depends on
the customer's language and the shop's data (money, names of order lines), never on one shop's
currency or country."""
