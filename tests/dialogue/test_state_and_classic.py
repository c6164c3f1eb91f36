"""Typed state survives the store's dict; the classic source's commands and their reasons."""
from bot.dialogue.classic import ClassicSource
from bot.dialogue.commands import UnderstandingContext
from bot.dialogue.state import DialogueState

ORDERS = ({"id": "SO1", "status": "delivered", "placed_at": "2026-11-20",
           "items": [{"sku": "EB", "name": "无线耳机 Pro", "qty": 1}]},
          {"id": "SO2", "status": "shipped", "placed_at": "2026-11-25",
           "items": [{"sku": "W", "name": "智能手表 S2", "qty": 1}]})


def ctx(text, flow=None, step=None, last_flow=None):
    return UnderstandingContext(text, "zh", (), flow, step, {}, ORDERS, (), last_flow=last_flow)


def test_state_round_trip_and_pause_resume():
    st = DialogueState()
    frame = st.start("return_request", order_id="SO1")
    frame.step = "confirm"
    st.start("delivery_issue")
    saved: dict = {}
    st.save(saved)
    back = DialogueState.load(saved)
    assert back.frame.flow == "delivery_issue" and back.paused[0].slots == {"order_id": "SO1"}
    back.finish()
    assert back.last_flow == "delivery_issue" and back.resume().flow == "return_request"


def test_yes_while_waiting_is_confirm():
    u = ClassicSource().from_nlu(ctx("好的", "return_request", "confirm"), "thanks_bye", 0.6, {}, {})
    assert u.names() == ("confirm",) and "waits at confirm" in u.reasons[0]


def test_charged_twice_is_a_payment_issue_whatever_the_classifier_said():
    u = ClassicSource().from_nlu(ctx("扣了我两次钱"), "refund_status", 0.7, {}, {})
    assert u.flows() == ("payment_issue",)


def test_delivered_not_received_is_an_investigation():
    u = ClassicSource().from_nlu(ctx("耳机显示签收了但是没收到"), "order_status", 0.8, {}, {})
    assert u.flows() == ("delivery_issue",)
    assert any(c.name == "set_slot" and c.args["items"][0]["sku"] == "EB" for c in u.commands)


def test_unsure_asks_with_the_likely_options():
    u = ClassicSource().from_nlu(ctx("那个事情怎么弄"), "exchange_request", 0.3, {}, {},
                                 runner_up=("return_request", 0.25))
    clarify = u.first("clarify")
    assert clarify is not None and set(clarify.args["options"]) == {"exchange_request", "return_request"}


def test_a_policy_question_is_answered_not_acted_on():
    u = ClassicSource().from_nlu(ctx("退货政策是什么样的，多久能退"), "return_request", 0.9, {}, {})
    # The rule's answer (policy_info states the window and offers, never acts), not a return.
    assert u.flows() == ("policy_info",) and "return_request" not in u.flows()


def test_two_requests_in_one_message_are_both_understood(models):
    nlu = models[1]
    orders = ({"id": "A", "status": "delivered", "items": [{"sku": "W", "name": "Smart watch S2"}]},
              {"id": "B", "status": "shipped", "items": [{"sku": "P", "name": "Power bank 10000mAh"}]})
    c = UnderstandingContext("i want to return my smart watch. also where is my power bank?", "en", (), None, None,
                             {}, orders, ())
    u = ClassicSource(nlu).from_nlu(c, "return_request", 0.84, {}, {})
    assert u.flows() == ("return_request", "order_status")
    assert u.commands[-1].args["text"] == "where is my power bank"
