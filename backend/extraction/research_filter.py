"""Is this mail research at all?

Broker domains send much more than research: contract notes, margin and ledger statements, OTPs,
KYC reminders, IPO and product advertising, webinar and conference invitations, newsletters.
Research is recognised by how it is written (a rating or target, estimates by fiscal year, YoY and
margin talk, "we expect / we cut / we maintain", an analyst certification), transactional and
promotional mail by its own vocabulary. A strong non-research subject (contract note, OTP, KYC,
IPO alert, invitation) needs overwhelming research evidence to be kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

RESEARCH_THRESHOLD = 4
# Mail from a sender no broker registry entry knows must read much more like research.
UNKNOWN_SENDER_THRESHOLD = 7
CLEAR_RESEARCH = 14
STRONG_OVERRIDE_THRESHOLD = 12


@dataclass(frozen=True)
class ResearchVerdict:
    is_research: bool
    score: int
    reasons: list[str]


@cache
def _non_research_subject() -> tuple[tuple[str, re.Pattern[str]], ...]:
    flags = re.IGNORECASE
    table = {
        "contract note": r"\bcontract\s+notes?\b",
        "statement": r"\b(?:margin|ledger|holdings?|transaction|account|funds?|demat|dp|capital\s+gains?|p\s?&\s?l|"
        r"tax|annual|quarterly|monthly)\s+statements?\b|\bstatement\s+of\s+(?:accounts?|holdings?|transactions?|funds?)\b",
        "otp": r"\bOTP\b|\bone[- ]time\s+password\b|\bverification\s+code\b|\blog-?in\s+(?:alert|attempt|otp)\b|"
        r"\bpassword\b|\bsecurity\s+alert\b",
        "kyc": r"\b(?:re-?)?kyc\b|\bnominat(?:ion|e)\b|\bupdate\s+your\s+(?:details|mobile|e-?mail|address|bank)\b",
        "ipo ad": r"\bIPO\s+(?:alert|opens|open|apply|now\s+open|closes|bidding)|\bprice\s+band\b|"
        r"\bapply\s+(?:now|via|through)\b|\bNFO\b|\bsubscribe\s+(?:now|today)\b|\bGMP\b",
        "invitation": r"\bwebinar\b|\binvit(?:e|ation)\b|\bregister\s+(?:now|today|here)\b|\bjoin\s+us\b|"
        r"\brsvp\b|\bsave\s+the\s+date\b|\blive\s+session\b|\bevent\s+(?:invite|registration)\b",
        "settlement": r"\b(?:running\s+account|funds?|quarterly)\s+settlement\b|"
        r"\bsettlement\s+(?:of\s+funds|notice|intimation)\b|\bfunds?\s+(?:settled|transferred|credited|payout)\b",
        "promotion": r"\b(?:special|limited|exclusive|festive|introductory)\s+(?:period\s+)?offer\b|"
        r"\boffer\s+(?:ends|valid)\b|\bcashback\b|\brefer(?:ral)?\s+(?:and|&|n)\s+earn\b|\bMTF\b|"
        r"\bmargin\s+trading\s+facility\b|\bup\s+to\s+\d+x\s+leverage\b|\bnew\s+(?:app\s+)?features?\b|"
        r"\bnewsletter\b|\blimited\s+period\b|\bzero\s+brokerage\b|\bopen\s+(?:an?\s+)?(?:demat|trading)?\s*account\b",
        "service": r"\bdividend\s+(?:credited|paid|payment)\b|\bcorporate\s+action\b|\be-?voting\b|"
        r"\bsip\s+(?:reminder|due|installment)\b|\binvoice\b|\bpledge\s+(?:request|confirmation)\b|"
        r"\bservice\s+request\b|\bpayment\s+(?:due|received|reminder)\b",
    }
    return tuple((name, re.compile(pattern, flags)) for name, pattern in table.items())


@cache
def _body_patterns() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    return {
        "not_research": re.compile(
            r"\bnot\s+(?:a\s+)?(?:research\s+report|research|a\s+recommendation|an?\s+investment\s+advice)\b|"
            r"\bthis\s+(?:communication\s+)?is\s+an\s+advertisement\b|\bsystem[- ]generated\b|\bauto[- ]generated\b|"
            r"\bdo\s+not\s+reply\b|\bdigitally\s+signed\b|\bdear\s+(?:customer|client|investor|user|member)\b|"
            r"\bT\s?&\s?C\s+apply\b|\b(?:apply|register|activate|invest)\s+now\b|\byour\s+(?:trading|demat)\s+account\b",
            flags,
        ),
        "rating_box": re.compile(
            r"\b(?:rating|recommendation|reco)\s*[:|]\s*(?:\w+\s?){0,2}|\b(?:tp|target(?:\s+price)?|price\s+target|fair\s+value)\s*(?:\([^)]*\))?\s*[:|]",
            flags,
        ),
        "estimates": re.compile(
            r"\b(?:FY|CY)\d{2}(?:[EFA]|BE|RE|CL)?\b|\bF\d{2}[ef]\b|\b[1-4]Q(?:FY|CY|F)?\d{2}\b|"
            r"\bQ[1-4](?:FY|CY)?\d{2}\b|\b[12]H(?:FY|CY)?\d{2}\b|\b9MFY\d{2}\b"
        ),
        "analysis": re.compile(
            r"\bwe\s+(?:now\s+)?(?:expect|estimate|model|raise|cut|lower|trim|maintain|retain|reiterate|initiate|"
            r"upgrade|downgrade|value|prefer|see|believe|build\s+in|remain|stay|like|forecast|roll\s+forward|add|"
            r"think|are\s+(?:cautious|positive|overweight|underweight|constructive)|turn|resume|reduce|keep)\b|"
            r"\bour\s+(?:estimates?|tp|target|fair\s+value|view|rating|forecasts?|model|valuation|coverage|"
            r"preferred|top\s+picks?|channel\s+checks?)\b|\b(?:preferred|top)\s+picks?\b",
            flags,
        ),
        "metrics": re.compile(
            r"\b(?:YoY|QoQ|MoM|bps?|EPS|EBITDA|EBIT|P/E|EV/EBITDA|CAGR|RoE|RoA|NIM|GDP|CPI|margins?|guidance|"
            r"valuations?|order\s+book|volumes?|ARPU|AUM|NII|PAT|repo|fiscal\s+deficit|capex|inflation|"
            r"market\s+share|demand|realisations?|realizations?|utilisation|utilization|outflows?|inflows?|"
            r"earnings|revenue|growth|consensus|estimates?|multiple|premium|discount)\b",
            flags,
        ),
        "figures": re.compile(
            r"[-+~]?\d+(?:\.\d+)?\s?(?:%|bps?\b|pp\b|x\b|X\b)|"
            r"(?:rs\.?|inr|₹|us\$|\$|usd)\s?\d[\d,.]*\s?(?:bn|mn|m|b|cr|crore|lakh|tn|trn|t)\b",
            flags,
        ),
        "target_mention": re.compile(
            r"\b(?:tp|pt|target(?:\s+price)?|price\s+target|fair\s+value)\b\s*(?:of|:|at|to|is)?\s*"
            r"(?:rs\.?|inr|₹|us\$|\$|usd)\s?\d",
            flags,
        ),
        "kicker": re.compile(
            r"^\s*(?:[\w&-]+\s+){0,3}(?:initiating\s+coverage|results?\s+(?:update|review|preview)|company\s+update|"
            r"sector\s+(?:update|note|outlook|preview|report)|event\s+update|earnings\s+(?:review|preview)|"
            r"strategy|economics|thematic|rating\s+change|target\s+(?:price\s+)?change)\b",
            flags | re.MULTILINE,
        ),
        "research_sender": re.compile(r"research|equities|strateg|econom|analyst|\bdesk\b", flags),
        "certification": re.compile(
            r"\banalyst\s+certification\b|\bresearch\s+analysts?\b|\brating\s+definitions\b|\bregistered\s+.{0,40}research\s+analyst\b",
            flags,
        ),
    }


def assess(
    subject: str, body: str, full_text: str | None = None, sender: str = "", *, known_broker: bool = True
) -> ResearchVerdict:
    """Research or not, with a score and the reasons.

    `body` is the cleaned research text; `full_text` (default: body) still holds the footer, where
    analyst certifications and "this is an advertisement" notices live. `sender` is the original
    sender's display name and address: research desks send from research addresses.
    """
    full = body if full_text is None else full_text
    reasons: list[str] = []
    strong = [name for name, pattern in _non_research_subject() if pattern.search(subject)]
    patterns = _body_patterns()
    score = 0
    if patterns["rating_box"].search(body):
        score += 3
        reasons.append("rating or target box")
    elif patterns["target_mention"].search(body):
        score += 2
    if patterns["kicker"].search("\n".join(body.split("\n")[:12])):
        score += 1
    if sender and patterns["research_sender"].search(sender):
        score += 1
    estimates = len(set(patterns["estimates"].findall(body)))
    score += min(estimates, 3)
    analysis = len({m.lower() for m in patterns["analysis"].findall(body)})
    score += min(analysis, 4)
    metrics = len({m.lower() for m in patterns["metrics"].findall(body)})
    score += min(metrics // 2, 3)
    figures = len({m.lower() for m in patterns["figures"].findall(body)})
    score += 3 if figures >= 10 else 2 if figures >= 6 else 1 if figures >= 3 else 0
    bullets_with_figures = sum(
        1 for line in body.split("\n") if line.startswith("• ") and patterns["figures"].search(line)
    )
    score += 1 if bullets_with_figures >= 3 else 0
    # Footer checks only matter near the threshold: a note this rich in research is research.
    if strong or score < CLEAR_RESEARCH:
        if patterns["certification"].search(full):
            score += 1
        negatives = len({m.lower() for m in patterns["not_research"].findall(full)})
        score -= 2 * negatives
        if negatives:
            reasons.append(f"non-research wording x{negatives}")
    if strong:
        reasons.append("non_research: " + ", ".join(strong))
        is_research = score >= STRONG_OVERRIDE_THRESHOLD
    else:
        is_research = score >= (RESEARCH_THRESHOLD if known_broker else UNKNOWN_SENDER_THRESHOLD)
        if not known_broker:
            reasons.append("sender is no known broker")
    reasons.append(f"research score {score}")
    return ResearchVerdict(is_research=is_research, score=score, reasons=reasons)
