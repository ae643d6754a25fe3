#!/usr/bin/env python3
"""Regenerates the hcwlens sample logs: the demo (assets/demo) and one scenario per diagnosis
(tests/fixtures/scenarios). Deterministic: every random choice is seeded, so running it again
writes the same bytes. Run from the repository root:

    python3 assets/tools/make_samples.py

The committed files are the product; this script is only the recipe (Python 3.8+, no packages).
"""
import datetime as dt
import os
import random
import sys
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hcwrun import run  # noqa: E402
from iislog import (ANON, CHALLENGE, CAFE, FIELDS, OK, Background, IisLog, Org)  # noqa: E402

FIELDS_XFF = FIELDS + " X-Forwarded-For"
OUTLOOK_ADMIN = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17928;+Pro)"

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
D = dt.datetime
S = lambda s: dt.timedelta(seconds=s)
MS = lambda ms: dt.timedelta(milliseconds=ms)

FIRST = ["anna", "ben", "carla", "david", "elena", "felix", "greta", "hannah", "jonas", "julia",
         "karim", "laura", "marco", "nina", "oliver", "paula", "stefan", "tanja", "vera", "jürgen"]
LAST = ["schmidt", "meyer", "wagner", "becker", "hoffmann", "koch", "richter", "klein", "wolf",
        "neumann", "braun", "krause", "lehmann", "müller", "werner"]


def g(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def path(*parts):
    p = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_hcw(log, *parts):
    p = path(*parts)
    with open(p, "w", encoding="utf-8", newline="") as f:
        f.write(log.text())
    return p


def server(name, version, build, site, created, rng):
    return dict(name=name, version=version, build=build, site=site, created=created, ews_guid=g(rng))


def mrs_handshakes(log, t0, count, cip, final, rng, user=None, ua=None, spacing=(1.1, 1.6), extra=None,
                   then_ok=0):
    """`count` handshakes to /EWS/mrsproxy.svc starting about a second after `t0`.

    Each is 401 2 5 -> 401 1 2148074254 -> `final`; on success (`final` == OK) `then_ok`
    further authenticated POSTs follow, as MRS reuses the connection.
    """
    t = t0 + MS(rng.randint(900, 1500))
    for _ in range(count):
        ex = extra(t) if extra else ()
        log.add(t, "POST", "/EWS/mrsproxy.svc", None, None, cip, ua, ANON, rng.randint(0, 3), extra=ex)
        t1 = t + MS(rng.randint(20, 140))
        log.add(t1, "POST", "/EWS/mrsproxy.svc", None, None, cip, ua, CHALLENGE, rng.randint(1, 6), extra=ex)
        t2 = t1 + MS(rng.randint(30, 200))
        ok = final == OK
        log.add(t2, "POST", "/EWS/mrsproxy.svc", None, user if ok else None, cip, ua, final,
                rng.randint(60, 400) if ok else rng.randint(1, 12), extra=ex)
        for _ in range(then_ok):
            t2 += MS(rng.randint(150, 900))
            log.add(t2, "POST", "/EWS/mrsproxy.svc", None, user, cip, ua, OK, rng.randint(20, 700), extra=ex)
        t = t2 + S(rng.uniform(*spacing))
    return t


def powershell(log, times, cip, user, rng, busy_until=None):
    """HCW's remote PowerShell sessions to the on-premises server (WinRM over /powershell, port 80)."""
    q = "serializationLevel=Full;clientApplication=HybridConfigurationWizard;PSVersion=5.1.20348.2849"
    ua = "Microsoft+WinRM+Client"
    for t in times:
        t = t + MS(rng.randint(150, 400))
        log.add(t, "POST", "/powershell", q + CAFE.format(log.guid()), None, cip, ua, ANON, 0, port=80)
        for _ in range(rng.randint(3, 6)):
            t += MS(rng.randint(80, 700))
            log.add(t, "POST", "/powershell", q + CAFE.format(log.guid()), user, cip, ua, OK,
                    rng.randint(15, 400), port=80)
    if busy_until:
        start, end = busy_until
        t = start
        while t < end:
            t += MS(rng.randint(700, 2600))
            log.add(t, "POST", "/powershell", q + CAFE.format(log.guid()), user, cip, ua, OK,
                    rng.randint(15, 900), port=80)


def rate(table):
    """Piecewise-constant requests per minute: [(hh:mm, rate), ...] in UTC."""
    def f(t):
        hm = t.hour * 60 + t.minute
        r = 0
        for start, v in table:
            h, m = map(int, start.split(":"))
            if hm >= h * 60 + m:
                r = v
        return r
    return f


# ---- the demo: Hybrid Agent + Extended Protection on Exchange 2019 CU14 ------------------------

def demo():
    rng = random.Random(20241105)
    start = D(2024, 11, 5, 14, 21, 55, 612_000)
    offset = dt.timedelta(hours=1)
    agent_guid = "7c2f5e1a-93b4-4d6e-a0f8-2b51c9d47e36"
    cfg = dict(
        seed=1105, start=start, culture="de-DE", zone="W. Europe Standard Time", offset=offset,
        offset_text="01:00:00", machine="EX01", os="Microsoft Windows NT 10.0.20348.0",
        cwd="C:\\Users\\hcwadmin\\Desktop", session=g(rng), domain="contoso.com", netbios="CONTOSO",
        tenant="contoso", org_name="Contoso", cas="EX01",
        cas_ip="fe80::8d2c:41b7:9e03:5a11%6, 10.0.1.11", ews_host="mail.contoso.com",
        servers=[server("EX01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Frankfurt", D(2021, 3, 2, 10, 4, 51), rng),
                 server("EX02", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Frankfurt", D(2021, 3, 2, 11, 37, 9), rng)],
        agent=dict(guid=agent_guid, host=f"{agent_guid}.resource.mailboxmigration.his.msappproxy.net",
                   machine="HYB01", group=g(rng), target="https://ex01.contoso.com/"),
        migration_user="CONTOSO\\hcwadmin", attempts=[("unauth", 5428.0), ("unauth", 5211.3)],
        exo_mrs="AM6PR04MB5863.eurprd04.prod.outlook.com", tenant_guid=g(rng), org_guid=g(rng),
        exo_forest="EURPR04A012.PROD.OUTLOOK.COM", hcw_version="17.0.8229.0",
        auth_thumb="4F1C9A27D0B3E5F86A12C47D9E03B58F21A6C7D4", full=True,
    )
    log, info = run(cfg)
    write_hcw(log, "assets", "demo", "hcw", "20241105_142155.log")
    utc = lambda t: t - offset

    org = Org(rng, "contoso.com", "CONTOSO", FIRST, LAST, 70, ["10.1.20", "10.1.21", "10.8.0"],
              ["203.0.113", "198.51.100", "80.187.101"])
    iis = IisLog(rng, "10.0.1.11")
    reset = (utc(info["reset_start"]) + S(1), utc(info["reset_end"]) - S(1))
    iis.quiet.append(reset)
    iis.restart(reset[1])
    bg = Background(iis, org, rng, lb_ips=["10.0.1.5", "10.0.1.6"])
    day = D(2024, 11, 5)
    end = utc(info["end"]) + dt.timedelta(minutes=9)
    bg.run(day, end, rate([("00:00", 0.12), ("05:30", 0.4), ("07:00", 0.62), ("12:00", 0.9),
                           ("13:05", 5.5), ("13:35", 1.8)]), lb_every=600)
    # Everyone reconnects after the IIS restart.
    for u in rng.sample(org.users, 14):
        t = reset[1] + MS(rng.randint(0, 6000))
        bg.handshake(t, "POST", "/mapi/emsmdb/", bg.mapi_query(u), u, u["outlook"], kerberos=u["kerberos"])
    # HCW's own PowerShell sessions (HCW runs on EX01).
    busy = (utc(info["ps_connect"][-1]), utc(info["attempts"][0][1]))
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.0.1.11", "CONTOSO\\hcwadmin", rng, busy)
    # Test-MigrationServerAvailability through the Hybrid Agent: channel binding fails.
    bad = ("401", "1", "2148074310")
    for kind, t0, t1 in info["attempts"]:
        mrs_handshakes(iis, utc(t0), 3, "10.0.5.20", bad, rng)
    n = iis.write(path("assets", "demo", "EX01", "W3SVC1", "u_ex241105.log"))
    return info, n



# ---- test scenarios: one diagnosis each ----------------------------------------------------------

SCEN = ("tests", "fixtures", "scenarios")


def base_cfg(rng, **kw):
    cfg = dict(os="Microsoft Windows NT 10.0.20348.0", session=g(rng), tenant_guid=g(rng), org_guid=g(rng),
               exo_forest="NAMPR05A004.PROD.OUTLOOK.COM", hcw_version="17.0.8229.0",
               auth_thumb="9B3E7C1D55A0F2E46C81D3B9A7F0E26C4D18B5A3", full=False,
               exo_mrs="BN8PR05MB6243.namprd05.prod.outlook.com")
    cfg.update(kw)
    return cfg


def scenario_ep_hybrid_agent():
    rng = random.Random(3101)
    offset = -dt.timedelta(hours=5)
    start = D(2024, 11, 12, 9, 14, 8, 377_000)
    agent_guid = "c41e0b97-5d2a-4f83-b6e1-9a07d3f25c68"
    cfg = base_cfg(
        rng, seed=3102, start=start, culture="en-US", zone="Eastern Standard Time", offset=offset,
        offset_text="-05:00:00", machine="MGMT01", cwd="C:\\Users\\exadmin\\Downloads", domain="fabrikam.com",
        netbios="FABRIKAM", tenant="fabrikam", org_name="Fabrikam", cas="EXCH01", cas_ip="10.10.1.21",
        ews_host="mail.fabrikam.com",
        servers=[server("EXCH01", "Version 15.1 (Build 2507.39)", "15.1.2507.39", "Boston", D(2019, 6, 11, 15, 2, 7), rng),
                 server("EXCH02", "Version 15.1 (Build 2507.39)", "15.1.2507.39", "Boston", D(2019, 6, 11, 16, 40, 55), rng)],
        agent=dict(guid=agent_guid, host=f"{agent_guid}.resource.mailboxmigration.his.msappproxy.net",
                   machine="AGENT01", group=g(rng), target="https://exch01.fabrikam.com/"),
        migration_user="FABRIKAM\\exadmin", attempts=[("unauth", 6140.7), ("unauth", 5893.2)])
    log, info = run(cfg)
    write_hcw(log, *SCEN, "ep-hybrid-agent", "hcw", "20241112_091408.log")
    utc = lambda t: t - offset
    org = Org(rng, "fabrikam.com", "FABRIKAM", ["amy", "bob", "carol", "dan", "erin", "frank", "gina", "hank"],
              ["adams", "baker", "clark", "diaz", "evans", "foster"], 30, ["10.10.20", "10.10.21"], ["198.51.100"])
    iis = IisLog(rng, "10.10.1.21")
    reset = (utc(info["reset_start"]) + S(1), utc(info["reset_end"]) - S(1))
    iis.quiet.append(reset)
    iis.restart(reset[1])
    bg = Background(iis, org, rng, owa_build="15.1.2507.39", host="mail.fabrikam.com")
    t_first = utc(info["attempts"][0][1])
    bg.run(t_first - dt.timedelta(minutes=12), t_first + dt.timedelta(minutes=6), lambda t: 4.0)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.10.30.15", "FABRIKAM\\exadmin", rng)
    bad = ("401", "1", "2148074310")
    for _, t0, _ in info["attempts"]:
        mrs_handshakes(iis, utc(t0), 2, "10.10.8.40", bad, rng, spacing=(1.4, 2.2))
    n = iis.write(path(*SCEN, "ep-hybrid-agent", "EXCH01", "W3SVC1", "u_ex241112.log"))
    return info, offset, n


def scenario_ep_tls_offload():
    rng = random.Random(3201)
    org = Org(rng, "contoso.com", "CONTOSO", FIRST, LAST, 40, ["10.1.20", "10.1.21", "10.8.0"], ["203.0.113"])
    fields = FIELDS_XFF
    out = {}
    servers = [("EX01", "10.0.1.11"), ("EX02", "10.0.1.12")]
    logs = {name: IisLog(random.Random(3202 + i), ip, fields=fields) for i, (name, ip) in enumerate(servers)}
    lb = {"EX01": "10.20.0.11", "EX02": "10.20.0.12"}
    t = D(2024, 11, 18, 7, 30, 4)
    end = D(2024, 11, 18, 7, 52, 0)
    bad = ("401", "1", "2148074310")
    while t < end:
        name = rng.choice(["EX01", "EX02"])
        log = logs[name]
        u = rng.choice(org.users)
        xff = (u["ip"],)
        r = rng.random()
        q = lambda: CAFE.format(log.guid())
        mq = lambda: f"MailboxId={u['mailbox']}@contoso.com&CorrelationID=<empty>;&ClientId={u['client_id']}&cafeReqId={log.guid()};"

        def hs(stem, query, ua, final, method="POST", user=None):
            tt = t
            for leg in [ANON, CHALLENGE, final]:
                log.add(tt, method, stem, query(), user if leg == OK else None, lb[name], ua, leg,
                        extra=xff)
                tt += MS(rng.randint(10, 400))
        if r < 0.30:
            hs(rng.choice(["/mapi/emsmdb/", "/mapi/emsmdb/", "/mapi/nspi/"]), mq, u["outlook"], bad)
        elif r < 0.45:
            hs("/EWS/Exchange.asmx", q, u["mac"] or u["outlook"], bad)
        elif r < 0.55:
            hs("/owa/", q, u["browser"], bad, method="GET")
        elif r < 0.62:
            ua = "MSFT-WIN-3/10.0.19045"
            qq = lambda: (f"Cmd=Sync&User={u['alias']}%40contoso.com&DeviceId=WP{u['device'][:20]}"
                          f"&DeviceType=WindowsMail{CAFE.format(log.guid())}")
            hs("/Microsoft-Server-ActiveSync/default.eas", qq, ua, bad)
        elif r < 0.72:
            ad = lambda: f"&CorrelationID=<empty>;&ClientId={u['client_id']}&cafeReqId={log.guid()};"
            hs("/Autodiscover/Autodiscover.xml", ad, u["outlook"], OK, user=u["account"])
        elif r < 0.84:
            if u["phone"]:
                ua, kind = u["phone"]
                log.add(t, "POST", "/Microsoft-Server-ActiveSync/default.eas",
                        f"Cmd=Ping&User={u['alias']}%40contoso.com&DeviceId={u['device']}&DeviceType={kind}{q()}",
                        u["upn"], lb[name], ua, OK, rng.randint(240_000, 900_000), extra=(u["mobile_ip"],))
        elif r < 0.94:
            log.add(t, "GET", rng.choice(["/owa/healthcheck.htm", "/mapi/healthcheck.htm", "/ews/healthcheck.htm"]),
                    q(), None, "127.0.0.1", "AMProbe/Local/ClientAccess", OK, rng.randint(0, 9), extra=("-",))
        else:
            log.add(t, "GET", "/owa/healthcheck.htm", None, None, lb[name], None, OK, rng.randint(0, 2), extra=("-",))
        t += S(rng.uniform(4.0, 20.0))
    # The admin's PC talks to EX01 directly (no load balancer): the same handshake succeeds.
    adm = dict(org.users[0])
    for k in range(3):
        tt = D(2024, 11, 18, 7, 41 + 9 * k, 17)
        mq = lambda: f"MailboxId={adm['mailbox']}@contoso.com&CorrelationID=<empty>;&ClientId={adm['client_id']}&cafeReqId={logs['EX01'].guid()};"
        for leg in [ANON, CHALLENGE, OK]:
            logs["EX01"].add(tt, "POST", "/mapi/emsmdb/", mq(), "CONTOSO\\exadmin" if leg == OK else None,
                             "10.0.9.15", OUTLOOK_ADMIN, leg, extra=("-",))
            tt += MS(rng.randint(20, 200))
    n = 0
    for name, _ in servers:
        n += logs[name].write(path(*SCEN, "ep-tls-offload", name, "W3SVC1", "u_ex241118_x.log"))
    return n


def scenario_ntlm_split():
    rng = random.Random(3301)
    org = Org(rng, "contoso.com", "CONTOSO", FIRST, LAST, 40, ["10.1.20", "10.1.21", "10.8.0"], ["203.0.113"])
    logs = {"EX01": IisLog(random.Random(3302), "10.0.1.11"), "EX02": IisLog(random.Random(3303), "10.0.1.12")}
    other = {"EX01": "EX02", "EX02": "EX01"}
    start, end = D(2024, 11, 20, 9, 40, 0), D(2024, 11, 20, 10, 15, 0)
    for name, log in logs.items():
        Background(log, org, random.Random(3304 + int(name[-1]))).run(start, end, lambda t: 1.1)
    invalid = ("401", "1", "2148074248")
    victims = rng.sample(org.users, 7)
    t = start + dt.timedelta(minutes=3)
    for i, u in enumerate(victims):
        for attempt in range(rng.randint(2, 3)):
            a = rng.choice(["EX01", "EX02"])
            b = other[a]
            stem, ua = rng.choice([("/mapi/emsmdb/", u["outlook"]), ("/EWS/Exchange.asmx", u["outlook"]),
                                   ("/Autodiscover/Autodiscover.xml", u["outlook"])])
            q = lambda log: (f"MailboxId={u['mailbox']}@contoso.com&CorrelationID=<empty>;&ClientId={u['client_id']}&cafeReqId={log.guid()};"
                             if stem.startswith("/mapi") else CAFE.format(log.guid()))
            tt = t + S(rng.randint(0, 120))
            logs[a].add(tt, "POST", stem, q(logs[a]), None, u["ip"], ua, ANON, 1)
            tt += MS(rng.randint(15, 120))
            logs[a].add(tt, "POST", stem, q(logs[a]), None, u["ip"], ua, CHALLENGE, rng.randint(0, 4))
            tt += MS(rng.randint(20, 250))
            logs[b].add(tt, "POST", stem, q(logs[b]), None, u["ip"], ua, invalid, rng.randint(0, 3))
        t += dt.timedelta(minutes=rng.randint(2, 4))
    n = 0
    for name, log in logs.items():
        n += log.write(path(*SCEN, "ntlm-split-connection", name, "W3SVC1", "u_ex241120.log"))
    return n


def scenario_credentials_rejected():
    rng = random.Random(3401)
    offset = dt.timedelta(0)
    start = D(2024, 11, 7, 15, 42, 10, 903_000)
    cfg = base_cfg(
        rng, seed=3402, start=start, culture="en-GB", zone="GMT Standard Time", offset=offset,
        offset_text="00:00:00", machine="LONEX01", cwd="C:\\Users\\svc-hybrid\\Desktop", domain="tailspintoys.co.uk",
        netbios="TAILSPIN", tenant="tailspintoys", org_name="Tailspin Toys", cas="LONEX01", cas_ip="10.50.0.21",
        ews_host="mail.tailspintoys.co.uk",
        servers=[server("LONEX01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "London", D(2022, 2, 8, 13, 21, 40), rng)],
        migration_user="TAILSPIN\\svc-hybrid", attempts=[("unauth", 4716.4), ("unauth", 4398.9)],
        exo_forest="GBRPR01A006.PROD.OUTLOOK.COM", exo_mrs="LO4P123MB6650.GBRP123.PROD.OUTLOOK.COM")
    log, info = run(cfg)
    write_hcw(log, *SCEN, "credentials-rejected", "hcw", "20241107_154210.log")
    org = Org(rng, "tailspintoys.co.uk", "TAILSPIN", ["alice", "harry", "olivia", "jack", "amelia", "george"],
              ["taylor", "jones", "wilson", "evans", "thomas", "roberts"], 28, ["10.50.20", "10.50.21"], ["81.2.69"])
    iis = IisLog(rng, "10.50.0.21")
    reset = (info["reset_start"] + S(1), info["reset_end"] - S(1))
    iis.quiet.append(reset)
    iis.restart(reset[1])
    bg = Background(iis, org, rng, host="mail.tailspintoys.co.uk")
    t_first = info["attempts"][0][1]
    bg.run(t_first - dt.timedelta(minutes=12), t_first + dt.timedelta(minutes=6), lambda t: 4.0)
    powershell(iis, info["ps_connect"], "10.50.0.21", "TAILSPIN\\svc-hybrid", rng)
    denied = ("401", "1", "2148074252")
    for (_, t0, _), ip in zip(info["attempts"], ["52.98.67.145", "40.99.150.18"]):
        mrs_handshakes(iis, t0, 2, ip, denied, rng, spacing=(1.0, 1.5))
    n = iis.write(path(*SCEN, "credentials-rejected", "LONEX01", "W3SVC1", "u_ex241107.log"))
    return info, offset, n


def scenario_mrs_unreachable():
    rng = random.Random(3501)
    offset = dt.timedelta(hours=9)
    start = D(2024, 11, 6, 8, 9, 31, 248_000)
    cfg = base_cfg(
        rng, seed=3502, start=start, culture="ja-JP", zone="Tokyo Standard Time", offset=offset,
        offset_text="09:00:00", machine="EXJP01", cwd="C:\\Users\\hcwadmin\\Desktop", domain="contoso.com",
        netbios="CONTOSO", tenant="contosojp", org_name="Contoso", cas="EXJP01", cas_ip="10.60.0.11",
        ews_host="mail.contoso.com",
        servers=[server("EXJP01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Tokyo", D(2023, 4, 19, 2, 11, 6), rng)],
        migration_user="CONTOSO\\hcwadmin", attempts=[("timeout", 51237.0), ("timeout", 50418.0)],
        exo_forest="JPNPR01A003.PROD.OUTLOOK.COM", exo_mrs="TYCPR01MB8921.jpnprd01.prod.outlook.com")
    log, info = run(cfg)
    write_hcw(log, *SCEN, "mrs-unreachable", "hcw", "20241106_080931.log")
    utc = lambda t: t - offset
    org = Org(rng, "contoso.com", "CONTOSO", ["haruto", "yui", "sota", "hina", "ren", "mio", "daiki"],
              ["sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe"], 30, ["10.60.20", "10.60.21"], ["203.0.113"])
    iis = IisLog(rng, "10.60.0.11")
    reset = (utc(info["reset_start"]) + S(1), utc(info["reset_end"]) - S(1))
    iis.quiet.append(reset)
    iis.restart(reset[1])
    bg = Background(iis, org, rng, host="mail.contoso.com")
    t_first = utc(info["attempts"][0][1])
    bg.run(t_first - dt.timedelta(minutes=12), t_first + dt.timedelta(minutes=8), lambda t: 3.5)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.60.0.11", "CONTOSO\\hcwadmin", rng)
    n = iis.write(path(*SCEN, "mrs-unreachable", "EXJP01", "W3SVC1", "u_ex241105.log"))
    return info, offset, n


def scenario_healthy():
    rng = random.Random(3601)
    offset = dt.timedelta(hours=1)
    start = D(2024, 11, 14, 10, 32, 47, 65_000)
    cfg = base_cfg(
        rng, seed=3602, start=start, culture="fr-FR", zone="Romance Standard Time", offset=offset,
        offset_text="01:00:00", machine="PAREX01", cwd="C:\\Users\\adm-hybrid\\Bureau", domain="wingtiptoys.fr",
        netbios="WINGTIP", tenant="wingtiptoys", org_name="Wingtip Toys", cas="PAREX01", cas_ip="10.30.0.11",
        ews_host="mail.wingtiptoys.fr",
        servers=[server("PAREX01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Paris", D(2022, 9, 27, 8, 55, 2), rng)],
        migration_user="WINGTIP\\adm-hybrid", attempts=[("success", 7412.6)],
        exo_forest="EURPR07A002.PROD.OUTLOOK.COM", exo_mrs="PR3P192MB0732.EURP192.PROD.OUTLOOK.COM")
    log, info = run(cfg)
    write_hcw(log, *SCEN, "healthy", "hcw", "20241114_103247.log")
    utc = lambda t: t - offset
    org = Org(rng, "wingtiptoys.fr", "WINGTIP", ["camille", "lucas", "léa", "hugo", "chloé", "louis"],
              ["martin", "bernard", "dubois", "thomas", "robert", "petit"], 30, ["10.30.20", "10.30.21"], ["192.0.2"])
    iis = IisLog(rng, "10.30.0.11")
    bg = Background(iis, org, rng, host="mail.wingtiptoys.fr")
    t_first = utc(info["attempts"][0][1])
    bg.run(t_first - dt.timedelta(minutes=12), t_first + dt.timedelta(minutes=6), lambda t: 4.0)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.30.0.11", "WINGTIP\\adm-hybrid", rng)
    ok_user = "WINGTIP\\adm-hybrid"
    mrs_handshakes(iis, utc(info["attempts"][0][1]), 1, "52.97.146.20", OK, rng, user=ok_user, then_ok=3)
    mrs_handshakes(iis, utc(info["new_endpoint"]), 1, "52.97.146.27", OK, rng, user=ok_user, then_ok=2)
    n = iis.write(path(*SCEN, "healthy", "PAREX01", "W3SVC1", "u_ex241114.log"))
    return info, offset, n


# ---- names from the logs: the IIS logs do not name their server -----------------------------
# The IIS files sit directly in `<scenario>/W3SVC1/` (as when an admin copies the W3SVC1 folder
# into a ticket folder) and log no s-computername: only the HCW log names the servers.

def scenario_names_agent_flat():
    rng = random.Random(3701)
    offset = dt.timedelta(hours=11)
    start = D(2024, 12, 3, 14, 2, 19, 544_000)
    agent_guid = "5e8a1f3c-7b24-4c9d-8e61-d3f0a2b7c915"
    cfg = base_cfg(
        rng, seed=3702, start=start, culture="en-GB", zone="AUS Eastern Standard Time", offset=offset,
        offset_text="11:00:00", machine="NW-ADM07", cwd="C:\\Users\\hcw-admin\\Downloads",
        domain="northwindtraders.com", netbios="NORTHWIND", tenant="northwindtraders", org_name="Northwind Traders",
        cas="NWEX02", cas_ip="10.40.1.12", ews_host="mail.northwindtraders.com",
        servers=[server("NWEX01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Sydney", D(2022, 5, 3, 1, 12, 44), rng),
                 server("NWEX02", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Sydney", D(2022, 5, 3, 2, 40, 9), rng),
                 dict(server("NWEDGE01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Sydney", D(2022, 5, 4, 0, 3, 51), rng),
                      role="Edge")],
        agent=dict(guid=agent_guid, host=f"{agent_guid}.resource.mailboxmigration.his.msappproxy.net",
                   machine="NWHYB01", group=g(rng), target="https://nwex02.northwindtraders.com/"),
        migration_user="NORTHWIND\\hcw-admin", attempts=[("unauth", 5817.2), ("unauth", 5566.9)],
        exo_forest="AUSPR01A004.PROD.OUTLOOK.COM", exo_mrs="SY4PR01MB6517.ausprd01.prod.outlook.com")
    log, info = run(cfg)
    write_hcw(log, *SCEN, "names-agent-flat", "hcw", "20241203_140219.log")
    utc = lambda t: t - offset
    org = Org(rng, "northwindtraders.com", "NORTHWIND", ["liam", "mia", "noah", "ava", "jack", "zoe"],
              ["smith", "nguyen", "brown", "wilson", "taylor"], 26, ["10.40.20", "10.40.21"], ["203.0.113"])
    iis = IisLog(rng, "10.40.1.12")
    reset = (utc(info["reset_start"]) + S(1), utc(info["reset_end"]) - S(1))
    iis.quiet.append(reset)
    iis.restart(reset[1])
    bg = Background(iis, org, rng, host="mail.northwindtraders.com")
    t_first = utc(info["attempts"][0][1])
    bg.run(t_first - dt.timedelta(minutes=10), t_first + dt.timedelta(minutes=6), lambda t: 3.5)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.40.30.7", "NORTHWIND\\hcw-admin", rng)
    bad = ("401", "1", "2148074310")
    for _, t0, _ in info["attempts"]:
        mrs_handshakes(iis, utc(t0), 2, "10.40.9.30", bad, rng, spacing=(1.2, 2.0))
    n = iis.write(path(*SCEN, "names-agent-flat", "W3SVC1", "u_ex241203.log"))
    return info, offset, n


def scenario_names_credentials_flat():
    rng = random.Random(3801)
    offset = dt.timedelta(hours=1)
    start = D(2024, 12, 9, 10, 12, 40, 118_000)
    cfg = base_cfg(
        rng, seed=3802, start=start, culture="de-DE", zone="W. Europe Standard Time", offset=offset,
        offset_text="01:00:00", machine="ADX-JUMP01", cwd="C:\\Users\\svc-migrate\\Desktop", domain="adatum.com",
        netbios="ADATUM", tenant="adatum", org_name="Adatum", cas="ADX-MBX2", cas_ip="10.70.0.22",
        ews_host="hybrid.adatum.com",
        servers=[server("ADX-MBX1", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Zurich", D(2023, 1, 17, 9, 2, 31), rng),
                 server("ADX-MBX2", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Zurich", D(2023, 1, 17, 10, 48, 5), rng)],
        migration_user="ADATUM\\svc-migrate", attempts=[("unauth", 4602.8), ("unauth", 4471.5)],
        exo_forest="EURPR02A009.PROD.OUTLOOK.COM", exo_mrs="ZR0P278MB0915.CHEP278.PROD.OUTLOOK.COM")
    log, info = run(cfg)
    write_hcw(log, *SCEN, "names-credentials-flat", "hcw", "20241209_101240.log")
    utc = lambda t: t - offset
    org = Org(rng, "adatum.com", "ADATUM", ["lena", "noah", "mila", "elias", "lina", "finn"],
              ["keller", "frei", "huber", "steiner", "brunner"], 26, ["10.70.20", "10.70.21"], ["198.51.100"])
    iis = IisLog(rng, "10.70.0.22")
    reset = (utc(info["reset_start"]) + S(1), utc(info["reset_end"]) - S(1))
    iis.quiet.append(reset)
    iis.restart(reset[1])
    bg = Background(iis, org, rng, host="hybrid.adatum.com")
    t_first = utc(info["attempts"][0][1])
    bg.run(t_first - dt.timedelta(minutes=10), t_first + dt.timedelta(minutes=6), lambda t: 3.5)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.70.30.4", "ADATUM\\svc-migrate", rng)
    denied = ("401", "1", "2148074252")
    for (_, t0, _), ip in zip(info["attempts"], ["52.98.0.10", "40.99.12.7"]):
        mrs_handshakes(iis, utc(t0), 2, ip, denied, rng, spacing=(1.0, 1.5))
    n = iis.write(path(*SCEN, "names-credentials-flat", "W3SVC1", "u_ex241209.log"))
    return info, offset, n


def scenario_names_agent_unreachable_flat():
    rng = random.Random(3901)
    offset = dt.timedelta(hours=1)
    start = D(2024, 12, 10, 16, 40, 2, 871_000)
    agent_guid = "a93d6b20-4e1f-4b8a-9c57-61e0f8d2b3a4"
    cfg = base_cfg(
        rng, seed=3902, start=start, culture="fr-FR", zone="Romance Standard Time", offset=offset,
        offset_text="01:00:00", machine="LW-MGMT", cwd="C:\\Users\\adm-lw\\Bureau", domain="litwareinc.com",
        netbios="LITWARE", tenant="litwareinc", org_name="Litware", cas="LWEX1", cas_ip="10.80.0.11",
        ews_host="mail.litwareinc.com",
        servers=[server("LWEX1", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Lyon", D(2023, 6, 6, 8, 30, 12), rng)],
        agent=dict(guid=agent_guid, host=f"{agent_guid}.resource.mailboxmigration.his.msappproxy.net",
                   machine="LWHYB01", group=g(rng), target="https://lwex1.litwareinc.com/"),
        migration_user="LITWARE\\adm-lw", attempts=[("timeout", 50912.0), ("timeout", 50377.0)],
        exo_forest="EURPR09A001.PROD.OUTLOOK.COM", exo_mrs="PA4P190MB1278.EURP190.PROD.OUTLOOK.COM")
    log, info = run(cfg)
    write_hcw(log, *SCEN, "names-agent-unreachable-flat", "hcw", "20241210_164002.log")
    utc = lambda t: t - offset
    org = Org(rng, "litwareinc.com", "LITWARE", ["chloe", "theo", "jade", "louis", "ines"],
              ["girard", "faure", "blanc", "roux"], 24, ["10.80.20", "10.80.21"], ["192.0.2"])
    iis = IisLog(rng, "10.80.0.11")
    reset = (utc(info["reset_start"]) + S(1), utc(info["reset_end"]) - S(1))
    iis.quiet.append(reset)
    iis.restart(reset[1])
    bg = Background(iis, org, rng, host="mail.litwareinc.com")
    t_first = utc(info["attempts"][0][1])
    bg.run(t_first - dt.timedelta(minutes=10), t_first + dt.timedelta(minutes=8), lambda t: 3.5)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.80.30.9", "LITWARE\\adm-lw", rng)
    n = iis.write(path(*SCEN, "names-agent-unreachable-flat", "W3SVC1", "u_ex241210.log"))
    return info, offset, n


def show(name, info, offset, extra=""):
    print(f"{name}:")
    for kind, t0, t1 in info["attempts"]:
        print(f"  TMSA {kind:8} local {t0:%Y-%m-%d %H:%M:%S.%f}"[:-3] + f" -> {t1:%H:%M:%S.%f}"[:-3]
              + f"   UTC {t0 - offset:%H:%M:%S} -> {t1 - offset:%H:%M:%S}")
    if "reset_start" in info:
        print(f"  ResetIIS local {info['reset_start']:%H:%M:%S} -> {info['reset_end']:%H:%M:%S}")
    if extra:
        print("  " + extra)


if __name__ == "__main__":
    which = sys.argv[1:] or ["demo", "scenarios"]
    if "demo" in which:
        info, n = demo()
        show("demo", info, dt.timedelta(hours=1), f"{n} IIS lines")
    if "scenarios" in which:
        for name, fn in [("ep-hybrid-agent", scenario_ep_hybrid_agent),
                         ("credentials-rejected", scenario_credentials_rejected),
                         ("mrs-unreachable", scenario_mrs_unreachable),
                         ("healthy", scenario_healthy),
                         ("names-agent-flat", scenario_names_agent_flat),
                         ("names-credentials-flat", scenario_names_credentials_flat),
                         ("names-agent-unreachable-flat", scenario_names_agent_unreachable_flat)]:
            info, offset, n = fn()
            show(name, info, offset, f"{n} IIS lines")
        print(f"ep-tls-offload: {scenario_ep_tls_offload()} IIS lines")
        print(f"ntlm-split-connection: {scenario_ntlm_split()} IIS lines")
    if "scenarios" in which or "trust" in which:
        from trust_samples import scenario_busy_front_end, scenario_hcw_clock_skew
        for name, fn in [("busy-front-end", scenario_busy_front_end),
                         ("hcw-clock-skew", scenario_hcw_clock_skew)]:
            info, offset, n = fn()
            show(name, info, offset, f"{n} IIS lines")
