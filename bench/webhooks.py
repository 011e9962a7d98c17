"""Writes N distinct signed single-status deliveries, one per line: "<X-Hub-Signature-256> <body>"; and the same
events as rows for PostgreSQL's COPY (the storage baseline)."""
import argparse
import hashlib
import hmac
import random

STATUSES = ["sent", "delivered", "read"]


def delivery(i, phone, waba, rng):
    wamid = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI%024X" % (i * 2654435761 % (1 << 96))
    recipient = "1650555%04d" % (i % 10000)
    status = STATUSES[i % 3]
    errors = ""
    error_code = None
    if i % 50 == 49:
        status = "failed"
        error_code = 131047
        errors = (',"errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",'
                  '"error_data":{"details":"Message failed to send because more than 24 hours have passed since the '
                  'customer last replied to this number."},"href":"https:\\/\\/developers.facebook.com\\/docs\\/'
                  'whatsapp\\/cloud-api\\/support\\/error-codes\\/"}]')
    ts = 1763700000 + i
    pricing = ('' if status == "read" or status == "failed" else
               ',"conversation":{"id":"%032x","origin":{"type":"marketing"}},"pricing":{"billable":true,'
               '"pricing_model":"PMP","category":"marketing","type":"regular"}' % rng.getrandbits(128))
    body = ('{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"value":{"messaging_product":'
            '"whatsapp","metadata":{"display_phone_number":"15550000001","phone_number_id":"%s"},"statuses":[{"id":'
            '"%s","status":"%s","timestamp":"%d","recipient_id":"%s"%s%s}]},"field":"messages"}]}]}'
            % (waba, phone, wamid, status, ts, recipient, pricing, errors))
    return body, status, wamid, recipient, error_code


def copy_field(value):
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--phone", required=True)
    p.add_argument("--waba", required=True)
    p.add_argument("--project", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--copy-out", required=True)
    p.add_argument("--copy-batch", type=int, default=64)
    p.add_argument("--copy-count", type=int, default=0)
    p.add_argument("--first", type=int, default=0, help="index of the first event: runs that must not overlap use disjoint ranges")
    p.add_argument("--created-at", type=int, default=0, help="Ticks of the first COPY row")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    key = args.secret.encode()
    created = args.created_at
    with open(args.out, "w") as out, open(args.copy_out, "w") as copy:
        columns = ("project_id, created_at, phone_number_id, event_type, payload, waba_id, wa_status, message_id, "
                   "wa_id, error_code")
        for n in range(args.count):
            i = args.first + n
            body, status, wamid, recipient, error_code = delivery(i, args.phone, args.waba, rng)
            sig = "sha256=" + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
            out.write(sig + " " + body + "\n")
            if n < args.copy_count:
                if n % args.copy_batch == 0:
                    if n:
                        copy.write("\\.\n")
                    copy.write("copy log_entry (%s) from stdin;\n" % columns)
                row = (args.project, created + n, args.phone, 2, body, args.waba, status, wamid, recipient, error_code)
                copy.write("\t".join(copy_field(v) for v in row) + "\n")
        if args.copy_count:
            copy.write("\\.\n")


if __name__ == "__main__":
    main()
