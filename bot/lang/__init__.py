"""Language helpers shared by every reply: wording that depends on the customer's language
and the shop's data (money today), never on one shop's currency or country."""
