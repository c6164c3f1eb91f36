"""Privacy v2, round seven (issue #14): tuning cases of the classes that still fail on the
measure-only sets (shapes only were read there, never values): lower-case names after "his/her
name is" and after a self-introduction followed by "from/again/speaking", a signature line in
capitals after a sign-off, lower-case unit words and ordinal floors in address tails, UK flats
lettered rather than numbered — plus business data of the same shapes that must survive.

Same case format as cases_v5.py: (lang, text, [(type, personal value)], [values that must survive]).
Every value is invented (555-01xx numbers, example.* domains, made-up names, streets, companies).
These cases are tuned on (make_corpus.py adds them to corpus.jsonl); there is no held-out part.
"""
from __future__ import annotations

from cases_v5 import Case, to_records  # noqa: F401  (same format, same locator)

DEV_V7: list[Case] = [
    # -- lower-case names after a possessive name cue or a self-introduction ---------------------
    ('en', 'i bought it for my sister, her name is beatrix young', [('PERSON', 'beatrix young')], []),
    ('en', 'it is for my aunt, her name is rosalind hill, she lives alone', [('PERSON', 'rosalind hill')], []),
    ('en', 'my dad ordered it, his name is ambrose walker', [('PERSON', 'ambrose walker')], []),
    ('en', 'the name is leontyne marsh, order 55102', [('PERSON', 'leontyne marsh')], ['55102']),
    ('en', 'hi, this is leopold from the other day, any news?', [('PERSON', 'leopold')], []),
    ('en', 'this is cosima again, still no parcel', [('PERSON', 'cosima')], []),
    ('en', 'this is percival speaking, I called about the refund', [('PERSON', 'percival')], []),
    ('en', "hey it's isolde from accounts, invoice INV-8812 please", [('PERSON', 'isolde')], ['INV-8812']),
    ('en', 'this is the second time I write, order 7781-22', [], ['7781-22']),
    ('en', 'it is from the Leeds store, receipt 0049213', [], ['Leeds', '0049213']),
    # -- signature lines in capitals after a sign-off --------------------------------------------
    ('en', 'All the best,\nOSWIN THACKERAY\nHead of Ops', [('PERSON', 'OSWIN THACKERAY')], []),
    ('en', 'Kind regards,\nRUFINA OKONKWO-BELL', [('PERSON', 'RUFINA OKONKWO-BELL')], []),
    ('en', 'Many thanks,\nDESMOND ACHTERBERG\nProcurement', [('PERSON', 'DESMOND ACHTERBERG')], []),
    ('en', 'Regards,\nHALVERSON TRADING LTD', [], ['HALVERSON TRADING LTD']),
    ('en', 'Thanks,\nCUSTOMER SERVICE TEAM', [], []),
    ('en', 'Best wishes,\nNORTHWIND LOGISTICS LLC\nAccounts', [], ['NORTHWIND LOGISTICS LLC']),
    # -- address tails: lower-case unit words, ordinal floors, lettered flats -----------------------
    ('en', 'please ship to 2290 Hazelnut Lane, apartment 12, Madison, Wisconsin 53703',
     [('ADDRESS', '2290 Hazelnut Lane, apartment 12, Madison, Wisconsin 53703')], []),
    ('en', 'deliver to 4418 Cedar Ridge Rd, suite 300, Austin, Texas 78701 thanks',
     [('ADDRESS', '4418 Cedar Ridge Rd, suite 300, Austin, Texas 78701')], []),
    ('en', 'I live at 14 Ashdown Road, third floor', [('ADDRESS', '14 Ashdown Road, third floor')], []),
    ('en', 'we are at 55 Fenwick Street, ground floor, the blue door', [('ADDRESS', '55 Fenwick Street, ground floor')], []),
    ('en', 'new place: 9 Tanner Row, 2nd floor, York YO1 6JB', [('ADDRESS', '9 Tanner Row, 2nd floor, York YO1 6JB')], []),
    ('en', 'Flat C, Harbour View, 12 Quay Street, Bristol BS1 4DJ',
     [('ADDRESS', 'Flat C, Harbour View, 12 Quay Street, Bristol BS1 4DJ')], []),
    ('en', 'send to 318 Mapleton Ave unit 4, Boulder CO 80304', [('ADDRESS', '318 Mapleton Ave unit 4, Boulder CO 80304')], []),
    ('en', 'the 2 rooms on the first floor of your store were closed, order 66120', [], ['66120']),
    ('en', 'I ordered 3 units of the Vantor 12 drill, $89.00 each', [], ['Vantor 12', '$89.00']),
    # -- business tax numbers on invoices (grouped digits that are no phone) -------------------------
    ('en', 'Invoice to Tallowood Supplies Pty Ltd, ABN 33 615 208 947 please', [], ['ABN 33 615 208 947']),
    ('en', 'our VAT number GB 298 4471 60 must be on the receipt', [], ['GB 298 4471 60']),
    ('en', 'company EIN 47-2913386, billing contact 555-0147', [('PHONE_NUMBER', '555-0147')], ['47-2913386']),
    ('zh', '发票抬头：宁波海曙禾木贸易有限公司，税号 9133 0203 MA2H 8K1X', [], ['宁波海曙禾木贸易有限公司']),
]
