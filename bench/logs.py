"""The query benchmark's cases for GET /v1/logs, and what run.sh needs around them.

  logs.py cases NOW_TICKS                 one line per case: name, query string (as a client sends it)
  logs.py deep-row-sql CASE NOW_TICKS TO  SQL giving the count of matching entries and the (created_at, log_id) of
                                          the one 90% of the way through them, in the case's order
  logs.py token KEY CASE NOW_TICKS TO CREATED LOGID
                                          a page token positioned after (CREATED, LOGID), as the service signs it
  logs.py check-token KEY CASE NOW_TICKS TOKEN
                                          decodes a token the service issued and re-signs its position; exits 1 on
                                          a mismatch (the bench's own token must be exactly the service's)
  logs.py prepare CASE NOW_TICKS TO CREATED|- LOGID|- NAME RUNS
                                          PREPARE the service's page SQL (as EntryQuery.page builds it) and EXECUTE it
                                          RUNS times: the psql baseline
  logs.py percentiles FILE                p50/p99 of psql's "Time: x ms" lines
"""
import base64
import hashlib
import hmac
import os
import re
import struct
import sys
import urllib.parse

PROJECT = "q0"
DAY = 864_000_000_000
HOUR = 36_000_000_000
PAGE = 21  # pageSize 20 + 1: the service reads one more row to know whether a next page exists

EVENT_TYPES = {"Incoming Message": 1, "Message Status": 2, "Other": 3}
COLUMNS = ("project_id, phone_number_id, event_type, payload, created_at, direction, "
           "flyout_status, flyout_response, flyout_response_code, flyout_url, log_id")


def cases(now):
    """Filters of the benchmark, with values that exist in the data of load_logs.sql (project q0)."""
    start = now - 6 * DAY
    phone = "100000000000002"
    url_b = "https://hooks.example.com/b"
    window = {"fromDate": start + 3 * DAY, "toDate": start + 3 * DAY + HOUR}
    return [
        ("none", {}),
        ("eventTypes single", {"eventTypes": "Message Status"}),
        ("eventTypes two", {"eventTypes": "Incoming Message,Other"}),
        ("phoneNumberId", {"phoneNumberId": phone}),
        ("url", {"url": url_b}),
        ("status", {"status": "failed"}),
        ("status two", {"status": "read,failed"}),
        ("messageId", {"messageId": "wamid.HBgLq0M%d" % (int(os.environ.get("BENCH_BIG", "1000000")) // 6)}),
        ("waId", {"waId": "165055512345"}),
        ("errorCode", {"errorCode": "131047"}),
        ("flyoutStatus", {"flyoutStatus": "failed"}),
        ("responseCode", {"responseCode": "500"}),
        ("order=desc", {"order": "desc"}),
        ("fromDate/toDate 1h", window),
        ("status+phone+type", {"eventTypes": "Message Status", "status": "failed", "phoneNumberId": phone}),
        ("url+flyoutStatus desc", {"url": url_b, "flyoutStatus": "failed", "order": "desc"}),
        ("types two+phone+6h", {"eventTypes": "Incoming Message,Other", "phoneNumberId": phone,
                                "fromDate": start + 2 * DAY, "toDate": start + 2 * DAY + 6 * HOUR}),
        # search (load_logs.sql): ref12345 is in 4 or 5 entries, hello in every incoming message (20%), failed in
        # the failed statuses (3%), zebra in none; the digits are a wa_id (and a word of the contact name)
        ("q rare", {"q": "ref12345"}),
        ("q common", {"q": "hello"}),
        ("q two words, prefix", {"q": "Where ord"}),
        ("q medium", {"q": "failed"}),
        ("q no match", {"q": "zebra"}),
        ("q digits", {"q": "165055512345"}),
        ("q common desc", {"q": "hello", "order": "desc"}),
        ("category", {"category": "marketing"}),
        ("templateName", {"templateName": "order_update"}),
        ("responseCode 5xx", {"responseCode": "5xx"}),
    ]


def case(name, now):
    for n, params in cases(now):
        if n == name:
            return params
    raise SystemExit("no case " + name)


def parsed(params):
    """The filter as LogFilterParser reads it."""
    types = sorted({t.strip() for t in params.get("eventTypes", "").split(",") if t.strip()},
                   key=lambda t: EVENT_TYPES[t])
    if len(types) == 3:
        types = []
    code = params.get("responseCode")
    response_class = code is not None and re.fullmatch(r"[2-5]xx", code.strip().lower()) is not None
    statuses = []
    for s in params.get("status", "").split(","):
        s = s.strip().lower()
        if s and s not in statuses:
            statuses.append(s)
    return {
        "types": types,
        "fromDate": int(params.get("fromDate", 0)),
        "toDate": int(params["toDate"]) if "toDate" in params else None,
        "phoneNumberId": params.get("phoneNumberId"),
        "url": params.get("url"),
        "statuses": statuses,
        "messageId": params.get("messageId"),
        "waId": params.get("waId"),
        "errorCode": int(params["errorCode"]) if "errorCode" in params else None,
        "flyoutStatus": params.get("flyoutStatus"),
        "responseCode": int(code) if code is not None and not response_class else None,
        "desc": params.get("order") == "desc",
        "q": params.get("q"),
        "category": params["category"].strip().lower() if "category" in params else None,
        "templateName": params.get("templateName"),
        "responseClass": int(code.strip()[0]) if response_class else None,
    }


def java_str(value):
    return "null" if value is None else str(value)


def canonical(f):
    """LogFilter.canonical() (EntryFilter.canonical() and the order): what a page token is bound to."""
    return "\u0001".join([
        ",".join(sorted(f["types"])),
        str(f["fromDate"]),
        java_str(f["toDate"]),
        java_str(f["phoneNumberId"]),
        java_str(f["url"]),
        ",".join(sorted(f["statuses"])),
        java_str(f["messageId"]),
        java_str(f["waId"]),
        java_str(f["errorCode"]),
        java_str(f["flyoutStatus"]),
        java_str(f["responseCode"]),
    ]) + "".join("\u0001%s=%s" % (name, f[name]) for name in ("q", "category", "templateName", "responseClass")
                 if f[name] is not None) + "\u0001" + ("desc" if f["desc"] else "asc")


def words(text):
    """SearchText.words for ASCII text: lower case, split on anything but letters and digits."""
    return [w[:64] for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def tsquery(q):
    """SearchText.query: every word, the last as a prefix; a wamid or digits also as an exact id."""
    tokens = [t for t in q.split() if re.fullmatch(r"[0-9]+", t) or t.lower().startswith("wamid.") or words(t)]
    terms = []
    for i, t in enumerate(tokens):
        pieces = words(t)
        last = i == len(tokens) - 1
        text = " & ".join("'%s'%s" % (p, ":*" if last and j == len(pieces) - 1 else "") for j, p in enumerate(pieces))
        if re.fullmatch(r"[0-9]+", t) or t.lower().startswith("wamid."):
            ident = "'=%s'" % t.replace("\\", "\\\\").replace("'", "''")
            terms.append("(" + ident + (" | (" + text + ")" if text else "") + ")")
        else:
            terms.append(text if len(pieces) == 1 else "(" + text + ")")
    return " & ".join(terms)


def later(f):
    """The filters EntryQuery adds after the response code, in its order, as (condition, value) with ? for it."""
    conds = []
    if f["responseClass"] is not None:
        conds.append(("flyout_response_code / 100 = ? and flyout_response_code >= 100", f["responseClass"]))
    if f["category"] is not None:
        conds.append(("category = ?", f["category"]))
    if f["templateName"] is not None:
        conds.append(("template_name = ?", f["templateName"]))
    if f["q"] is not None:
        conds.append(("search @@ ?::tsquery", tsquery(f["q"])))
    return conds


def token(key_b64, f, created, log_id, to_date):
    """Cursor.issue() for the LOGS list: version 2 | list 1 | 'n' created_at | 'n' log_id | 'n' to_date |
    filter digest (8) | HMAC of project and all that (16), URL-safe base64."""
    digest = hashlib.sha256(canonical(f).encode()).digest()[:8]
    body = struct.pack(">bbcqcqcq", 2, 1, b"n", created, b"n", log_id, b"n", to_date) + digest
    mac = hmac.new(base64.b64decode(key_b64), PROJECT.encode() + b"\0" + body, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(body + mac).decode().rstrip("=")


def decode(tok):
    raw = base64.urlsafe_b64decode(tok + "=" * (-len(tok) % 4))
    _, _, _, created, _, log_id, _, to_date = struct.unpack(">bbcqcqcq", raw[:29])
    return created, log_id, to_date


def sql(f, to_date, after):
    """EntryQuery.page(): one ordered, limited branch per event type x status, merged when more than one."""
    direction = "desc" if f["desc"] else "asc"
    order = " order by created_at %s, log_id %s" % (direction, direction)
    params = []

    def p(value):
        params.append(value)
        return "$%d" % len(params)

    lower, upper = f["fromDate"], to_date
    if after is not None:
        if f["desc"]:
            upper = min(upper, after[0])
        else:
            lower = max(lower, after[0])
    branches = []
    for t in f["types"] or [None]:
        for s in f["statuses"] or [None]:
            w = "select %s from log_entry where project_id = %s and created_at >= %s and created_at <= %s" % (
                COLUMNS, p(PROJECT), p(lower), p(upper))
            if t is not None:
                w += " and event_type = %s" % p(EVENT_TYPES[t])
            if s is not None:
                w += " and wa_status = %s" % p(s)
            for column, key in (("phone_number_id", "phoneNumberId"), ("flyout_url", "url"),
                                ("message_id", "messageId"), ("wa_id", "waId"), ("error_code", "errorCode"),
                                ("flyout_status", "flyoutStatus"), ("flyout_response_code", "responseCode")):
                if f[key] is not None:
                    w += " and %s = %s" % (column, p(f[key]))
            for cond, value in later(f):
                w += " and " + cond.replace("?", p(value))
            if after is not None:
                w += " and (created_at, log_id) %s (%s, %s)" % ("<" if f["desc"] else ">", p(after[0]), p(after[1]))
            branches.append(w + order + " limit %d" % PAGE)
    if len(branches) == 1:
        return branches[0], params
    text = "select %s from (%s) page%s limit %d" % (
        COLUMNS, " union all ".join("(%s)" % b for b in branches), order, PAGE)
    return text, params


def literal(value):
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def main():
    cmd = sys.argv[1]
    if cmd == "cases":
        for name, params in cases(int(sys.argv[2])):
            print(name + "\t" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
    elif cmd == "deep-row-sql":
        # the (created_at, log_id) of the row 90% into the matching entries, in the case's order
        f = parsed(case(sys.argv[2], int(sys.argv[3])))
        to_date = f["toDate"] if f["toDate"] is not None else int(sys.argv[4])
        conds = ["project_id = %s" % literal(PROJECT), "created_at >= %d" % f["fromDate"], "created_at <= %d" % to_date]
        if f["types"]:
            conds.append("event_type in (%s)" % ", ".join(str(EVENT_TYPES[t]) for t in f["types"]))
        if f["statuses"]:
            conds.append("wa_status in (%s)" % ", ".join(literal(s) for s in f["statuses"]))
        for column, key in (("phone_number_id", "phoneNumberId"), ("flyout_url", "url"), ("message_id", "messageId"),
                            ("wa_id", "waId"), ("error_code", "errorCode"), ("flyout_status", "flyoutStatus"),
                            ("flyout_response_code", "responseCode")):
            if f[key] is not None:
                conds.append("%s = %s" % (column, literal(f[key])))
        for cond, value in later(f):
            conds.append(cond.replace("?", literal(value)))
        direction = "desc" if f["desc"] else "asc"
        print("select total, created_at, log_id from (select created_at, log_id, count(*) over () as total, "
              "row_number() over (order by created_at %s, log_id %s) as n from log_entry where %s) x "
              "where n = greatest(1, floor(total * 0.9)::bigint);" % (direction, direction, " and ".join(conds)))
    elif cmd == "token":
        key, name, now, to_date, created, log_id = sys.argv[2:8]
        f = parsed(case(name, int(now)))
        print(token(key, f, int(created), int(log_id), int(to_date)))
    elif cmd == "check-token":
        key, name, now, tok = sys.argv[2:6]
        f = parsed(case(name, int(now)))
        created, log_id, to_date = decode(tok)
        mine = token(key, f, created, log_id, to_date)
        if mine != tok:
            print("token mismatch for %s: service %s, bench %s" % (name, tok, mine), file=sys.stderr)
            sys.exit(1)
        print(to_date)
    elif cmd == "prepare":
        # PREPARE name AS <the page SQL>; then EXECUTE it RUNS times with the same parameters
        name, now, to_date, created, log_id, stmt, runs = sys.argv[2:9]
        f = parsed(case(name, int(now)))
        to = f["toDate"] if f["toDate"] is not None else int(to_date)
        after = None if created == "-" else (int(created), int(log_id))
        text, params = sql(f, to, after)
        if f["q"] is not None:
            # as LogEntries reads a search: planned for its words, bitmap scans allowed
            print("set plan_cache_mode = force_custom_plan; set enable_bitmapscan = on;")
        print("prepare %s as %s;" % (stmt, text))
        print("\\timing on")
        execute = "execute %s(%s);" % (stmt, ", ".join(literal(v) for v in params))
        for _ in range(int(runs)):
            print(execute)
        print("\\timing off")
        print("deallocate %s;" % stmt)
    elif cmd == "percentiles":
        times = []
        with open(sys.argv[2]) as f:
            for line in f:
                if line.startswith("Time: "):
                    times.append(float(line.split()[1]))
        times.sort()
        if not times:
            print("nan nan 0")
            return
        pick = lambda q: times[min(len(times) - 1, int(round(q * (len(times) - 1))))]
        print("%.3f %.3f %d" % (pick(0.5), pick(0.99), len(times)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
