"""Scenarios for call attribution, stepping order and clock skew (issue 13), written into
tests/fixtures/scenarios by make_samples.py (`python3 assets/tools/make_samples.py trust`).

* busy-front-end: a failing Test-MigrationServerAvailability through the Hybrid Agent on a
  front end where Outlook, EWS and Autodiscover clients do NTLM in the 30 s before the call
  and during it.
* hcw-clock-skew: the HCW machine's clock runs 95 s fast; the test call's mrsproxy handshakes
  (credentials refused) are logged by IIS 95 s "before" the call.
"""
import datetime as dt
import random

from hcwrun import run
from iislog import ANON, CHALLENGE, OK, Background, IisLog, Org
from make_samples import D, MS, S, SCEN, base_cfg, g, mrs_handshakes, path, powershell, server, write_hcw

EWS_UA = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17928;+Pro)"


def ntlm(log, t, stem, query, u, ua, rng, final=OK):
    """One complete NTLM handshake of user `u` (three legs, tens of ms apart)."""
    for leg in [ANON, CHALLENGE, final]:
        user = u["account"] if leg == OK else None
        log.add(t, "POST", stem, query(), user, u["ip"], ua, leg)
        t += MS(rng.randint(15, 180))
    return t


def scenario_busy_front_end():
    rng = random.Random(3701)
    offset = dt.timedelta(hours=1)
    start = D(2024, 11, 21, 10, 2, 17, 204_000)
    agent_guid = "9e51c0d2-7a44-4b1f-8c3e-5d62f0a1b7c9"
    cfg = base_cfg(
        rng, seed=3702, start=start, culture="de-DE", zone="W. Europe Standard Time", offset=offset,
        offset_text="01:00:00", machine="ADM01", cwd="C:\\Users\\exadmin\\Desktop", domain="northwind.de",
        netbios="NORTHWIND", tenant="northwind", org_name="Northwind", cas="NWEX01", cas_ip="10.70.0.11",
        ews_host="mail.northwind.de",
        servers=[server("NWEX01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Hamburg", D(2022, 5, 3, 9, 12, 44), rng)],
        agent=dict(guid=agent_guid, host=f"{agent_guid}.resource.mailboxmigration.his.msappproxy.net",
                   machine="NWAGENT01", group=g(rng), target="https://nwex01.northwind.de/"),
        migration_user="NORTHWIND\\exadmin", attempts=[("unauth", 5632.8)])
    log, info = run(cfg)
    write_hcw(log, *SCEN, "busy-front-end", "hcw", "20241121_100217.log")
    utc = lambda t: t - offset
    org = Org(rng, "northwind.de", "NORTHWIND", ["lena", "tim", "jana", "paul", "mia", "finn", "ida", "noah"],
              ["schulz", "fischer", "weber", "schneider", "zimmermann", "hartmann"], 40,
              ["10.70.20", "10.70.21"], ["80.187.101"])
    iis = IisLog(rng, "10.70.0.11")
    bg = Background(iis, org, rng, host="mail.northwind.de")
    _, t0, t1 = info["attempts"][0]
    call0, call1 = utc(t0), utc(t1)
    bg.run(call0 - dt.timedelta(minutes=10), call1 + dt.timedelta(minutes=6), lambda t: 9.0)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.70.30.15", "NORTHWIND\\exadmin", rng)
    cafe = lambda: f"&CorrelationID=<empty>;&cafeReqId={iis.guid()};"
    users = rng.sample(org.users, 14)
    # The 30 s before the call: other users' Outlook, EWS and Autodiscover clients do NTLM.
    before = [(30, "/EWS/Exchange.asmx"), (27, "/Autodiscover/Autodiscover.xml"), (22, "/EWS/Exchange.asmx"),
              (17, "/mapi/emsmdb/"), (12, "/EWS/Exchange.asmx"), (8, "/Autodiscover/Autodiscover.xml"),
              (4, "/EWS/Exchange.asmx"), (1, "/EWS/Exchange.asmx")]
    for (s, stem), u in zip(before, users):
        ntlm(iis, call0 - S(s) - MS(rng.randint(0, 600)), stem, cafe, u, EWS_UA, rng)
    # During the call, before and after Exchange Online's first mrsproxy handshake.
    during = [(0.3, "/EWS/Exchange.asmx"), (0.6, "/mapi/emsmdb/"), (2.9, "/Autodiscover/Autodiscover.xml"),
              (4.4, "/EWS/Exchange.asmx")]
    for (s, stem), u in zip(during, users[len(before):]):
        ntlm(iis, call0 + MS(int(s * 1000)), stem, cafe, u, EWS_UA, rng)
    bad = ("401", "1", "2148074310")
    mrs_handshakes(iis, call0, 2, "10.70.8.40", bad, rng, spacing=(1.3, 1.9))
    # Shortly after the call.
    for s, u in zip([9, 16], users[len(before) + len(during):]):
        ntlm(iis, call1 + S(s), "/EWS/Exchange.asmx", cafe, u, EWS_UA, rng)
    n = iis.write(path(*SCEN, "busy-front-end", "NWEX01", "W3SVC1", "u_ex241121.log"))
    return info, offset, n


def scenario_hcw_clock_skew():
    rng = random.Random(3801)
    offset = dt.timedelta(hours=1)
    fast = S(95)
    start = D(2024, 11, 26, 14, 8, 40, 512_000)
    cfg = base_cfg(
        rng, seed=3802, start=start, culture="de-DE", zone="W. Europe Standard Time", offset=offset,
        offset_text="01:00:00", machine="WEX01", cwd="C:\\Users\\hybridadmin\\Desktop", domain="woodgrove.de",
        netbios="WOODGROVE", tenant="woodgrove", org_name="Woodgrove", cas="WEX01", cas_ip="10.80.0.11",
        ews_host="mail.woodgrove.de",
        servers=[server("WEX01", "Version 15.2 (Build 1544.11)", "15.2.1544.11", "Köln", D(2021, 10, 5, 7, 30, 2), rng)],
        migration_user="WOODGROVE\\hybridadmin", attempts=[("unauth", 4870.5)])
    log, info = run(cfg)
    write_hcw(log, *SCEN, "hcw-clock-skew", "hcw", "20241126_140840.log")
    # The HCW machine's clock is 95 s fast: IIS (right) logs everything 95 s earlier.
    utc = lambda t: t - offset - fast
    org = Org(rng, "woodgrove.de", "WOODGROVE", ["anke", "bernd", "clara", "dirk", "eva", "frank"],
              ["bauer", "koch", "lang", "roth", "vogel", "kühn"], 30, ["10.80.20", "10.80.21"], ["80.187.101"])
    iis = IisLog(rng, "10.80.0.11")
    bg = Background(iis, org, rng, host="mail.woodgrove.de")
    _, t0, _ = info["attempts"][0]
    bg.run(utc(t0) - dt.timedelta(minutes=12), utc(t0) + dt.timedelta(minutes=6), lambda t: 4.0)
    powershell(iis, [utc(t) for t in info["ps_connect"]], "10.80.0.11", "WOODGROVE\\hybridadmin", rng)
    denied = ("401", "1", "2148074252")
    mrs_handshakes(iis, utc(t0), 2, "52.98.71.34", denied, rng, spacing=(1.0, 1.5))
    n = iis.write(path(*SCEN, "hcw-clock-skew", "WEX01", "W3SVC1", "u_ex241126.log"))
    return info, offset, n
