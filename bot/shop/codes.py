"""Every outcome code a shop call or a policy decision can give: the one place they are defined.

Replies, the dialogue and every backend (built-in store, Medusa) use these names, so a refusal
means the same thing whichever shop system sits behind the bot. Codes are stable strings (they
appear in traces and replay output); add new ones here, never rename one.
"""
from __future__ import annotations

# -- success ------------------------------------------------------------------------------------
OK = "ok"
NO_REFUNDS = "no_refunds"              # refund_status: the call worked, there is nothing to show
NONE = "none"                          # request_status: no return/exchange requests
ALREADY_REQUESTED = "already_requested"  # invoice: an open request exists, nothing new created
TITLE_ADDED = "title_added"            # invoice: the title was added to the open request
ALREADY_ISSUED = "already_issued"      # invoice: issued already (re-issue is a person's job)

# -- not found (ownership: someone else's order/payment method looks exactly like a missing one)
NOT_FOUND = "not_found"                              # order (or customer) unknown or not theirs
PAYMENT_METHOD_NOT_FOUND = "payment_method_not_found"  # unknown or another customer's
ITEM_NOT_FOUND = "item_not_found"                    # sku not a line of this order
VARIANT_NOT_FOUND = "variant_not_found"              # new sku not in the catalogue

# -- order state --------------------------------------------------------------------------------
ALREADY_CANCELLED = "already_cancelled"
ALREADY_RETURNED = "already_returned"
ALREADY_SHIPPED = "already_shipped"    # changes (cancel, address, items, payment) only before shipping
NOT_DELIVERED = "not_delivered"        # returns/exchanges only after delivery
NOT_PAID = "not_paid"                  # invoices only for paid orders

# -- policy -------------------------------------------------------------------------------------
RETURN_WINDOW_EXPIRED = "return_window_expired"
EXCHANGE_WINDOW_EXPIRED = "exchange_window_expired"
NON_RETURNABLE_CATEGORY = "non_returnable_category"
RETURN_EXISTS = "return_exists"
EXCHANGE_EXISTS = "exchange_exists"
ITEM_REQUIRED = "item_required"        # several lines and the call did not say which
DIFFERENT_PRODUCT = "different_product"  # a swap/exchange may only pick a variant of the same product
OUT_OF_STOCK = "out_of_stock"          # the wanted variant lacks the stock for the quantity
INVALID_QUANTITY = "invalid_quantity"  # < 1, or more than the order holds (minus what is already returned)
NO_CHANGE = "no_change"                # the change asked for leaves everything as it is
EMPTY_ORDER = "empty_order"            # an item change would remove every line: that is a cancellation
NO_CATALOGUE = "no_catalogue"          # the shop has no catalogue: only the same item can be kept

# -- withdrawing a return / exchange (cancel_return, cancel_exchange) ---------------------------------
ALREADY_WITHDRAWN = "already_withdrawn"  # the request was cancelled already: nothing to take back
ALREADY_RECEIVED = "already_received"    # the shop has the parcel back: a person settles it from here
ALREADY_REFUNDED = "already_refunded"    # the return's refund was paid: it cannot be taken back
REQUEST_CLOSED = "request_closed"        # rejected or closed: nothing open to withdraw

# -- input --------------------------------------------------------------------------------------
ADDRESS_REQUIRED = "address_required"

# -- backend ------------------------------------------------------------------------------------
CONFLICT = "conflict"                  # the order changed between the check and the write
UNAVAILABLE = "unavailable"            # the shop system is down / unreachable (retry later or hand off)
REFUSED = "refused"                    # the shop system refused the change for its own reason (data["detail"])

NOT_FOUND_CODES = frozenset({NOT_FOUND, PAYMENT_METHOD_NOT_FOUND})
ALL_CODES = frozenset(v for k, v in dict(globals()).items() if k.isupper() and isinstance(v, str))
