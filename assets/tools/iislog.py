"""Writes IIS W3C logs of an Exchange front end (default 15-field layout, UTC, CRLF), with
clean background traffic and hand-placed requests.

Background traffic only contains what a healthy front end shows: authenticated requests,
complete NTLM (401 2 5 -> 401 1 2148074254 -> 200) and Kerberos (401 2 5 -> 200) handshakes,
Basic ActiveSync, forms-based OWA, anonymous Autodiscover JSON, OAB downloads, Managed
Availability probes and load balancer health checks.
"""
import datetime as dt
import uuid

FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
          "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")

OUTLOOK = [
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17928;+Pro)",
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.18025;+Pro)",
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.10416;+Pro)",
]
MAC = [
    "MacOutlook/16.90.24101011+(Intelx64+Mac+OS+X+14.7+(Build+23H124))",
    "Mac+OS+X/14.7+(23H124);+ExchangeWebServices/12.0+(339);+Mail/16.0+(3776.700.51)",
]
PHONES = [
    ("Apple-iPhone15C2/2107.2", "iPhone"),
    ("Apple-iPhone14C5/2106.3", "iPhone"),
    ("Android-Mail/2024.10.13.685089157.Release", "Android"),
    ("Outlook-iOS-Android/1.0", "Outlook"),
]
BROWSERS = [
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/130.0.0.0+Safari/537.36+Edg/130.0.0.0",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:132.0)+Gecko/20100101+Firefox/132.0",
]
PROBE_UA = "AMProbe/Local/ClientAccess"
CAFE = "&CorrelationID=<empty>;&cafeReqId={};"

ANON = ("401", "2", "5")
CHALLENGE = ("401", "1", "2148074254")
OK = ("200", "0", "0")


class Org:
    """Mailbox users of a small organisation."""

    def __init__(self, rng, domain, netbios, first_names, last_names, n, nets, public_nets):
        self.domain = domain
        self.netbios = netbios
        self.users = []
        pairs = [(f, l) for l in last_names for f in first_names]
        rng.shuffle(pairs)
        for f, l in pairs[:n]:
            alias = f"{f}.{l}"
            phone = rng.choice(PHONES) if rng.random() < 0.6 else None
            self.users.append(dict(
                alias=alias,
                account=f"{netbios}\\{alias}",
                upn=f"{alias}@{domain}",
                ip=f"{rng.choice(nets)}.{rng.randint(2, 250)}",
                mobile_ip=f"{rng.choice(public_nets)}.{rng.randint(2, 250)}",
                mailbox=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                client_id="".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(20)),
                outlook=rng.choice(OUTLOOK),
                mac=rng.choice(MAC) if rng.random() < 0.15 else None,
                phone=phone,
                device="".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(24)),
                browser=rng.choice(BROWSERS),
                kerberos=rng.random() < 0.4,
            ))


class IisLog:
    """Lines of one W3SVC1 file; `add` takes UTC datetimes, `write` sorts them stably."""

    def __init__(self, rng, s_ip, fields=FIELDS, extra=None):
        self.rng = rng
        self.s_ip = s_ip
        self.fields = fields
        self.extra = extra  # function(line dict) -> list of extra column values
        self.rows = []
        self.restarts = []
        self.quiet = []  # (from, to) UTC: IIS down, background suppressed

    def guid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, t, method, stem, query, user, cip, ua, status, taken=None, port=443,
            referer="-", extra=()):
        if any(a <= t < b for a, b in self.quiet):
            return
        if taken is None:
            taken = self.rng.randint(0, 15) if status[0] == "401" else int(self.rng.lognormvariate(3.4, 0.9))
        self.rows.append((t.replace(microsecond=0), len(self.rows), [
            t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), self.s_ip, method, stem, query or "-",
            str(port), user or "-", cip, ua or "-", referer, *status, str(taken), *extra]))

    def restart(self, t):
        """IIS restarted: a new directive block is written before the first request after `t`."""
        self.restarts.append(t)

    def write(self, path, software="Microsoft Internet Information Services 10.0"):
        rows = sorted(self.rows, key=lambda r: (r[0], r[1]))
        out = []
        pending = sorted(self.restarts)
        for i, (t, _, cols) in enumerate(rows):
            if i == 0 or (pending and t >= pending[0]):
                while pending and t >= pending[0]:
                    pending.pop(0)
                out += [f"#Software: {software}", "#Version: 1.0",
                        f"#Date: {t:%Y-%m-%d %H:%M:%S}", f"#Fields: {self.fields}"]
            out.append(" ".join(cols))
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\r\n".join(out) + "\r\n")
        return len(rows)


class Background:
    """Healthy traffic of `org` on one server."""

    def __init__(self, log, org, rng, lb_ips=(), owa_build="15.2.1544.11", host="mail.contoso.com"):
        self.log, self.org, self.rng = log, org, rng
        self.lb_ips = list(lb_ips)
        self.owa_build = owa_build
        self.host = host

    def sec(self, t, s):
        return t + dt.timedelta(seconds=s)

    def cafe(self):
        return CAFE.format(self.log.guid())

    def handshake(self, t, method, stem, query_fn, u, ua, final=OK, kerberos=False, cip=None):
        cip = cip or u["ip"]
        legs = [ANON, OK] if kerberos else [ANON, CHALLENGE, final]
        if not kerberos and self.rng.random() < 0.2:
            legs = legs[1:]
        for leg in legs:
            user = u["account"] if leg[0] in ("200", "302", "304") else None
            self.log.add(t, method, stem, query_fn(), user, cip, ua, leg)
            if self.rng.random() < 0.25:
                t = self.sec(t, 1)

    def mapi_query(self, u):
        return lambda: f"MailboxId={u['mailbox']}@{self.org.domain}{CAFE.format(self.log.guid())}".replace(
            "&CorrelationID=<empty>;&", f"&CorrelationID=<empty>;&ClientId={u['client_id']}&", 1)

    def event(self, t):
        rng, u = self.rng, self.rng.choice(self.org.users)
        r = rng.random()
        log = self.log
        if r < 0.30:
            stem = "/mapi/emsmdb/" if rng.random() < 0.8 else "/mapi/nspi/"
            log.add(t, "POST", stem, self.mapi_query(u)(), u["account"], u["ip"], u["outlook"], OK)
        elif r < 0.40:
            stem = "/mapi/emsmdb/" if rng.random() < 0.7 else "/mapi/nspi/"
            self.handshake(t, "POST", stem, self.mapi_query(u), u, u["outlook"], kerberos=u["kerberos"])
        elif r < 0.50:
            ua = u["mac"] or u["outlook"]
            if rng.random() < 0.3:
                self.handshake(t, "POST", "/EWS/Exchange.asmx", self.cafe, u, ua)
            else:
                log.add(t, "POST", "/EWS/Exchange.asmx", self.cafe(), u["account"], u["ip"], ua, OK)
        elif r < 0.64:
            if not u["phone"]:
                return self.event(t)
            ua, kind = u["phone"]
            cmd = rng.choice(["Ping", "Ping", "Sync", "Sync", "FolderSync"])
            q = (f"Cmd={cmd}&User={u['alias']}%40{self.org.domain}&DeviceId={u['device']}"
                 f"&DeviceType={kind}{self.cafe()}")
            taken = rng.randint(240_000, 1_740_000) if cmd == "Ping" else rng.randint(40, 900)
            log.add(t, "POST", "/Microsoft-Server-ActiveSync/default.eas", q, u["upn"], u["mobile_ip"],
                    ua, OK, taken)
        elif r < 0.72:
            ref = f"https://{self.host}/owa/"
            if rng.random() < 0.15:
                b = u["browser"]
                log.add(t, "GET", "/owa/", self.cafe(), None, u["ip"], b, ("302", "0", "0"), 3)
                log.add(t, "GET", "/owa/auth/logon.aspx",
                        f"url=https%3a%2f%2f{self.host}%2fowa%2f&reason=0{self.cafe()}", None, u["ip"], b, OK, 9)
                t2 = self.sec(t, rng.randint(4, 12))
                log.add(t2, "POST", "/owa/auth.owa", self.cafe(), u["account"], u["ip"], b, ("302", "0", "0"),
                        referer=f"https://{self.host}/owa/auth/logon.aspx?url=https%3a%2f%2f{self.host}%2fowa%2f&reason=0")
                log.add(t2, "GET", "/owa/", self.cafe(), u["account"], u["ip"], b, OK, referer=ref)
            else:
                action = rng.choice(["FindItem", "GetItem", "FindConversation", "GetCalendarView",
                                     "GetConversationItems", "UpdateUserConfiguration"])
                log.add(t, "POST", "/owa/service.svc", f"action={action}&app=Mail&n={rng.randint(1, 120)}{self.cafe()}",
                        u["account"], u["ip"], u["browser"], OK, referer=ref)
        elif r < 0.78:
            if rng.random() < 0.5:
                q = lambda: f"&CorrelationID=<empty>;&ClientId={u['client_id']}&cafeReqId={log.guid()};"
                self.handshake(t, "POST", "/Autodiscover/Autodiscover.xml", q, u, u["outlook"],
                               kerberos=u["kerberos"])
            else:
                log.add(t, "GET", f"/autodiscover/autodiscover.json/v1.0/{u['upn']}",
                        f"Protocol=AutodiscoverV1&RedirectCount=1{self.cafe()}", None, u["ip"], u["outlook"], OK)
        elif r < 0.80:
            log.add(t, "GET", f"/OAB/{self.oab_guid()}/oab.xml", self.cafe(), u["account"], u["ip"], u["outlook"],
                    ("304", "0", "0") if rng.random() < 0.5 else OK)
        elif r < 0.92:
            page = rng.choice(["/owa/healthcheck.htm", "/ews/healthcheck.htm", "/mapi/healthcheck.htm",
                               "/Microsoft-Server-ActiveSync/healthcheck.htm", "/oab/healthcheck.htm",
                               "/Autodiscover/healthcheck.htm", "/ecp/healthcheck.htm"])
            log.add(t, "GET", page, self.cafe(), None, "127.0.0.1", PROBE_UA, OK, rng.randint(0, 9))
        else:
            hm = self.health_mailbox()
            stem = rng.choice(["/mapi/emsmdb/", "/EWS/Exchange.asmx", "/Microsoft-Server-ActiveSync/default.eas"])
            log.add(t, "POST", stem, self.cafe(), hm, log.s_ip, PROBE_UA, OK)

    def oab_guid(self):
        if not hasattr(self, "_oab"):
            self._oab = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        return self._oab

    def health_mailbox(self):
        if not hasattr(self, "_hm"):
            self._hm = [f"{self.org.netbios}\\HealthMailbox{uuid.UUID(int=self.rng.getrandbits(128)).hex}"
                        for _ in range(3)]
        return self.rng.choice(self._hm)

    def run(self, start, end, per_minute, lb_every=None):
        """Poisson-ish traffic; `per_minute(t)` gives the rate; LB probes every `lb_every` s."""
        t = start
        while t < end:
            rate = per_minute(t)
            if rate > 0:
                gap = self.rng.expovariate(rate / 60.0)
                t = t + dt.timedelta(seconds=gap)
                if t >= end:
                    break
                self.event(t)
            else:
                t += dt.timedelta(minutes=1)
        if lb_every and self.lb_ips:
            t = start + dt.timedelta(seconds=self.rng.randint(0, lb_every))
            i = 0
            while t < end:
                self.log.add(t, "GET", "/owa/healthcheck.htm", None, None, self.lb_ips[i % len(self.lb_ips)],
                             None, OK, self.rng.randint(0, 2))
                i += 1
                t += dt.timedelta(seconds=lb_every / len(self.lb_ips))
