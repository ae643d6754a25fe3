"""One Hybrid Configuration Wizard run, from boot to the Done page, parameterised by organisation,
culture, time zone, Hybrid Agent use and the outcome of each Test-MigrationServerAvailability.

The structure (pages, activities, workflow tasks and phases, event ids, START/FINISH pairs,
object dumps, ResetIIS between attempts, 10165 and HCW8078 on failure) follows real HCW logs;
the wording of every value is written for these samples.
"""
import datetime as dt

from hcwlog import HcwLog, dotnet_ticks

UX = ("Client", "UX")


def c(*pairs, thread):
    return [UX, *pairs, ("Thread", thread)]


def wf(task=None, phase=None, extra=(), thread=21):
    ctx = [UX, ("Page", "Configuring"), ("fn", "RunWorkflow"), ("Workflow", "Hybrid")]
    if task:
        ctx.append(("Task", task))
    if phase:
        ctx.append(("Phase", phase))
    return ctx + list(extra) + [("Thread", thread)]


# ---- error texts ---------------------------------------------------------------------------

STACK_REMOTE = [
    "   --- End of inner exception stack trace ---",
    "   at Microsoft.Exchange.MailboxReplicationService.MailboxReplicationServiceFault.ReconstructAndThrow(String serverName, VersionInformation serverVersion)",
    "   at Microsoft.Exchange.MailboxReplicationService.WcfClientWithFaultHandling`2.<>c__DisplayClass4_0.<CallService>b__0()",
    "   at Microsoft.Exchange.Net.WcfClientBase`1.CallService(Action serviceCall, String context)",
    "   at Microsoft.Exchange.Migration.MigrationExchangeProxyRpcClient.CanConnectToMrsProxy(Fqdn serverName, Guid mbxGuid, NetworkCredential credentials, LocalizedException& error)",
    "   --- End of inner exception stack trace ---",
    "   at Microsoft.Exchange.Migration.MigrationEndpointVerifier.VerifyConnectivity(MigrationEndpointBase endpoint)",
]
LAST_FRAME = "   at Microsoft.Exchange.Management.Migration.MigrationService.Endpoint.TestMigrationServerAvailability.InternalProcessEndpoint(Boolean fromAutoDiscover)"

UNAUTH = ("The HTTP request is unauthorized with client authentication scheme 'Negotiate'. The "
          "authentication header received from the server was 'Negotiate,NTLM'.")


def failure(kind, server, exo, timeout_s=None):
    """(first line of the exception text, HCW8078 detail lines) for a failed attempt."""
    mrs = f"https://{server}/EWS/mrsproxy.svc"
    conn = f"The connection to the server '{server}' could not be completed."
    tcp = (f"net.tcp://{exo}:9821/Microsoft.Exchange.MailboxReplicationService {exo} "
           f"(15.20.8137.027 caps:1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF)")
    if kind == "unauth":
        inner = f"{UNAUTH} --> The remote server returned an error: (401) Unauthorized."
        text = (f"Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: {conn} ---> "
                f"Microsoft.Exchange.MailboxReplicationService.RemoteTransientException: The call to '{tcp}' "
                f"failed. Error details: The call to '{mrs}' failed. Error details: {inner}. ---> "
                f"Microsoft.Exchange.MailboxReplicationService.MrsHttpUnauthorizedException: The call to '{mrs}' "
                f"failed. Error details: {inner} ---> System.ServiceModel.Security.MessageSecurityException: "
                f"{UNAUTH} ---> System.Net.WebException: The remote server returned an error: (401) Unauthorized.")
        detail = [
            "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException", conn,
            "Microsoft.Exchange.MailboxReplicationService.RemoteTransientException",
            f"The call to '{tcp}' failed. Error details: The call to '{mrs}' failed. Error details: {inner}.",
            "Microsoft.Exchange.MailboxReplicationService.MrsHttpUnauthorizedException",
            f"The call to '{mrs}' failed. Error details: {inner}",
            "System.ServiceModel.Security.MessageSecurityException", UNAUTH,
            "System.Net.WebException", "The remote server returned an error: (401) Unauthorized.",
        ]
        extra_stack = ["   --- End of inner exception stack trace ---"] * 2
    else:
        send = f"00:00:{timeout_s:010.7f}"
        allotted = f"00:00:{timeout_s:010.7f}"[:-4] + "0000"
        chan = (f"The request channel timed out attempting to send after {send}. Increase the timeout value "
                f"passed to the call to Request or increase the SendTimeout value on the Binding. The time "
                f"allotted to this operation may have been a portion of a longer timeout.")
        http = (f"The HTTP request to '{mrs}' has exceeded the allotted timeout of {allotted}. The time "
                f"allotted to this operation may have been a portion of a longer timeout.")
        text = (f"Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: {conn} ---> "
                f"Microsoft.Exchange.MailboxReplicationService.MRSRemoteTransientException: The call to '{mrs}' "
                f"timed out. Error details: {chan} --> {http} --> The operation has timed out ---> "
                f"Microsoft.Exchange.MailboxReplicationService.MRSRemotePermanentException: {chan} ---> "
                f"Microsoft.Exchange.MailboxReplicationService.MRSRemotePermanentException: {http} ---> "
                f"Microsoft.Exchange.MailboxReplicationService.MRSRemotePermanentException: The operation has timed out")
        detail = [
            "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException", conn,
            "Microsoft.Exchange.MailboxReplicationService.MRSRemoteTransientException",
            f"The call to '{mrs}' timed out. Error details: {chan} --> {http} --> The operation has timed out",
            "Microsoft.Exchange.MailboxReplicationService.MRSRemotePermanentException", chan,
            "Microsoft.Exchange.MailboxReplicationService.MRSRemotePermanentException", http,
            "Microsoft.Exchange.MailboxReplicationService.MRSRemotePermanentException", "The operation has timed out",
        ]
        extra_stack = ["   --- End of inner exception stack trace ---"] * 2
    return text, extra_stack + STACK_REMOTE, detail, conn


# ---- the run -------------------------------------------------------------------------------

def run(cfg):
    """Returns (HcwLog, info) where info has the UTC-independent local windows of each attempt."""
    L = HcwLog(cfg["start"], cfg["culture"], cfg["seed"])
    rng = L.rng
    full = cfg.get("full", False)
    dom, nb = cfg["domain"], cfg["netbios"]
    cas = cfg["cas"]
    cas_fqdn = f"{cas}.{dom}"
    ews = cfg["ews_host"]
    agent = cfg.get("agent")
    remote = agent["host"] if agent else ews
    tenant = cfg["tenant"]
    offset = cfg["offset"]
    info = {"attempts": []}

    L.adv(2_650)
    L.first_line(cfg["zone"])
    L.adv(78)
    boot_utc = cfg["start"] - offset + dt.timedelta(milliseconds=rng.randint(300, 700))
    L.table(10410, c(thread=1), "Boot Configuration", [
        ("DateTimeUtcTicks", dotnet_ticks(boot_utc, rng.randint(0, 9999))),
        ("IsNetworkDeployed", "True"),
        ("IsFirstRun", "False"),
        ("TimeOfLastUpdateCheckUtcTicks", dotnet_ticks(boot_utc - dt.timedelta(days=6, minutes=41), rng.randint(0, 9999))),
    ])
    L.step().e(10016, c(thread=1), "Startup Options: boot")
    L.adv(5).table(10017, c(thread=1), "Process Info", [
        ("Machine Name", cfg["machine"]),
        ("OS Version", cfg["os"]),
        ("Latest Framework", " - 533320"),
        ("Current Directory", cfg["cwd"]),
        ("Session Id", cfg["session"]),
        ("Current Culture", cfg["culture"]),
        ("Date Time Offset", cfg["offset_text"]),
    ])
    hv = cfg["hcw_version"]
    if full:
        rows = [
            ("+19", "mscorlib", "4.8.9277.0", "Microsoft® .NET Framework"),
            ("+18", "System.Core", "4.8.9256.0", "Microsoft® .NET Framework"),
            ("+17", "Microsoft.Online.CSE.Hybrid.Common", hv, "Microsoft(R) Exchange"),
            ("+16", "System", "4.8.9277.0", "Microsoft® .NET Framework"),
            ("+12", "Microsoft.Online.CSE.Hybrid.Exchange", hv, "Microsoft(R) Exchange"),
            ("+11", "Microsoft.Exchange.Data.Common", "15.2.1544.11", "Microsoft(R) Exchange"),
            ("+9", "Microsoft.Online.CSE.Hybrid.PowerShell", hv, "Microsoft(R) Exchange"),
            ("+6", "Microsoft.Online.CSE.Hybrid.Engine", hv, "Microsoft(R) Exchange"),
            ("+4", "Newtonsoft.Json", "13.0.3.27908", "Json.NET"),
            ("+3", "System.Management.Automation", "10.0.10011.16384", "Microsoft (R) Windows (R) Operating System"),
            ("+3", "System.Net.Http", "4.8.9037.0", "Microsoft® .NET Framework"),
            ("+2", "PresentationFramework", "4.8.9256.0", "Microsoft® .NET Framework"),
            ("+2", "Microsoft.Online.CSE.Hybrid.Provider.PowerShell", hv, "Microsoft(R) Exchange"),
            ("+1", "Microsoft.Online.CSE.Hybrid.HybridConnector", hv, "Microsoft(R) Exchange"),
            ("+1", "Microsoft.Identity.Client", "4.61.3.0", "Microsoft Authentication Library"),
            ("+1", "Microsoft.Online.CSE.Hybrid.StandardWorkflow", hv, "Microsoft(R) Exchange"),
            ("+0", "Microsoft.Online.CSE.Hybrid.App", hv, "Microsoft(R) Exchange"),
        ]
        L.adv(59).table(10018, c(thread=1), "Assemblies", rows,
                        header=("RC ", "Assembly", "Version", "Product"))
        L.adv(9).e(10019, c(thread=1), "", [
            "Supported Releases:",
            'Exchange Server 2019 "E19" CU14 Version 15.2 (Build 1544.4)',
            'Exchange Server 2019 "E19" CU13 Version 15.2 (Build 1258.12)',
            'Exchange Server 2016 "E16" CU23 Version 15.1 (Build 2507.6)',
            'Exchange Server 2013 "E15" CU23 Version 15.0 (Build 1497.2)',
            "-" * 120,
        ])

    # Welcome
    L.adv(390).start("pg", 10265, c(("Page", "Welcome"), thread=1), "START via Next")
    L.adv(rng.randint(3_000, 7_000)).finish("pg", 10266, c(("Page", "Welcome"), thread=1))

    # On-premises detection
    pg = c(("Page", "OnPremisesDetection"), thread=1)
    L.adv(30).start("pg", 10265, pg, "START via Next")
    det = lambda: c(("Activity", "Detection"), thread=6)
    L.adv(10).start("det", 10274, det())
    L.adv(6).e(10084, det(), "Authorizing powershell connection...")
    L.adv(104).e(10084, det(), "Authorization obtained in 104ms")
    L.adv(102).e(10084, det(), f"Connecting to http://{cas_fqdn.lower()}/powershell...")
    info["ps_connect"] = [L.t]
    L.adv(118).e(10098, c(("Activity", "Detection"), ("Provider", "OnPremises"), thread=6), "Opening Runspace.")
    all_servers = cfg["servers"]
    servers = [s for s in all_servers if s.get("role", "Mailbox") != "Edge"]
    dump = [server_dump(L, s, dom, cfg) for s in all_servers]
    L.adv(702).cmdlet("OnPremises", "Get-ExchangeServer", rng.randint(180, 290), len(all_servers), "", dump,
                      thread=6, activity="Detection")
    for msg in ["Connected in 1012ms", "Getting configuration data...", "Data retrieved", "Closing session..."]:
        L.adv(101).e(10084, det(), msg)
    L.adv(102).e(10101, c(("Activity", "Detection"), ("Provider", "OnPremises"), thread=6), "Disposing Runspace.")
    L.adv(14).e(10084, det(), "Session closed")
    L.adv(101).finish("det", 10275, det())
    newest = servers[0]
    L.adv(3).e(10074, det(), "", [
        f"Server: {cas} - {newest['version']} [{dom}/Configuration/Sites/{newest['site']}]",
        f"Latest version: {newest['name']} - {newest['version']} [{dom}/Configuration/Sites/{newest['site']}]",
        f"Latest version in site: {newest['name']} - {newest['version']} [{dom}/Configuration/Sites/{newest['site']}]",
    ])
    L.adv(rng.randint(4_000, 9_000)).finish("pg", 10266, pg)
    L.adv(2).table(10302, pg, "OnPremisesDetection", [
        ("Client Access Server", cas_fqdn),
        ("OnPremises Provider", "Live Environment"),
        ("Tenant Provider", "Office 365 Worldwide"),
    ])

    # Credentials
    pg = c(("Page", "Credentials"), thread=1)
    L.adv(11).start("pg", 10265, pg, "START via Next")
    ping = c(("ExecuteHighlandsServiceRequest", "Ping"), thread=1)
    L.adv(rng.randint(14_000, 30_000)).start("ping", 10428, ping)
    L.adv(rng.randint(700, 1300)).finish("ping", 10429, ping)
    L.adv(rng.randint(2_000, 6_000)).finish("pg", 10266, pg)

    # Test connections: on-premises (thread 17) and tenant (thread 18) in parallel
    pg = c(("Page", "TestConnections"), thread=1)
    L.adv(26).start("pg", 10265, pg, "START via Next")
    onp = lambda *x: c(("Activity", "OnPremises Connection Validation"), *x, thread=17)
    ten = lambda *x: c(("Activity", "Tenant Connection Validation"), *x, thread=18)
    L.adv(5).start("onp", 10274, onp())
    L.start("ten", 10274, ten())
    L.adv(3).e(10084, onp(), f"Resolving DNS for {cas_fqdn}...")
    L.e(10084, ten(), "Resolving DNS for outlook.office365.com...")
    L.adv(102).e(10084, onp(), f"{cas_fqdn} resolved as: {cfg['cas_ip']}")
    L.adv(5).e(10084, ten(), "outlook.office365.com resolved as: 52.97.211.194, 52.98.171.226, 40.99.150.34, 52.97.188.98")
    L.adv(98).e(10084, onp(), f"Connecting to http://{cas_fqdn.lower()}/powershell...")
    info["ps_connect"].append(L.t)
    L.adv(6).e(10293, ten(), "Authority=https://login.microsoftonline.com/organizations Resource=https://outlook.office365.com ClientId=fb78d390-0c51-40cd-8e17-fdbfab77341b")
    L.adv(110).e(10098, onp(("Provider", "OnPremises")), "Opening Runspace.")
    L.adv(620).cmdlet("OnPremises", "Get-RemoteDomain", 52, 1, "", [
        f"RemoteDomain {{AllowedOOFType='External' AutoForwardEnabled=0 DomainName='*' Identity='Default' IsValid=1 Name='Default' ObjectState='Unchanged' TNEFEnabled=$null WhenChanged='{L.date(dt.datetime(2023, 3, 14, 9, 12, 40))}'}}"],
        thread=17, activity="OnPremises Connection Validation")
    L.adv(210).e(10084, ten(), "Connected in 2104ms")
    L.adv(101).e(10084, ten(), "Getting configuration data...")
    L.adv(106).start("tdr", 10258, c(("Activity", "Tenant Data Retrieval"), thread=18))
    L.cmdlet("Tenant", "Get-OrganizationConfig", rng.randint(300, 450), 1, "", [
        f"OrganizationConfig {{DefaultPublicFolderMailbox=$null Guid={cfg['tenant_guid']} Identity='{tenant}.onmicrosoft.com' IsDehydrated=0 IsValid=1 Name='{tenant}.onmicrosoft.com' ObjectState='Unchanged' OrganizationId='{cfg['exo_forest']}/Microsoft Exchange Hosted Organizations/{tenant}.onmicrosoft.com' WhenChanged='{L.date(dt.datetime(2024, 10, 2, 7, 44, 11))}'}}"],
        thread=18, activity="Tenant Connection Validation")
    L.cmdlet("Tenant", "Get-OnPremisesOrganization", rng.randint(100, 160), 1, "", [
        f"OnPremisesOrganization {{HybridDomains=['{dom}'] Identity='{cfg['org_guid']}' InboundConnector='Inbound from {cfg['org_guid']}' IsValid=1 ObjectState='Unchanged' OrganizationGuid={cfg['org_guid']} OrganizationName='{cfg['org_name']}' OutboundConnector='Outbound to {cfg['org_guid']}'}}"],
        thread=18, activity="Tenant Connection Validation")
    L.cmdlet("Tenant", "Get-AcceptedDomain", rng.randint(100, 160), 3, "", [
        f"AcceptedDomain {{DomainName='{dom}' DomainType='Authoritative' Identity='{dom}' IsValid=1 ObjectState='Unchanged'}}",
        f"AcceptedDomain {{DomainName='{tenant}.mail.onmicrosoft.com' DomainType='Authoritative' Identity='{tenant}.mail.onmicrosoft.com' IsValid=1 ObjectState='Unchanged'}}",
        f"AcceptedDomain {{DomainName='{tenant}.onmicrosoft.com' DomainType='Authoritative' Identity='{tenant}.onmicrosoft.com' IsValid=1 ObjectState='Unchanged'}}",
    ], thread=18, activity="Tenant Connection Validation")
    L.e(10084, onp(), "Data retrieved")
    L.adv(101).e(10084, onp(), "Closing session...")
    L.adv(101).e(10101, onp(("Provider", "OnPremises")), "Disposing Runspace.")
    L.adv(10).finish("onp", 10275, onp())
    L.adv(4).cmdlet("Tenant", "Get-MigrationEndpoint", rng.randint(2_500, 3_900), 0, "", thread=18,
                    activity="Tenant Connection Validation")
    L.e(10405, c(thread=18), "Local Client Configuration File Successfully Read")
    skew = rng.randint(200_000, 900_000) / 1e7 + 0.1
    L.adv(rng.randint(800, 1000)).e(10033, c(thread=18), f"Local clock differs from Office 365 clock by: 00:00:00.{int(skew * 1e7):07d}")
    L.adv(3).finish("tdr", 10263, c(("Activity", "Tenant Data Retrieval"), thread=18))
    L.e(10084, ten(), "Data retrieved")
    L.adv(101).e(10084, ten(), "Closing session...")
    L.adv(101).e(10101, ten(("Provider", "Tenant")), "Disposing Runspace.")
    L.adv(26).e(10084, ten(), "Session closed")
    L.adv(101).finish("ten", 10275, ten())
    L.adv(rng.randint(10_000, 30_000)).finish("pg", 10266, pg)
    L.adv(18).e(10377, c(thread=1), f"Determined Best Directory: {cas}\\EWS (Default Web Site) Server={cas} External=https://{ews}/EWS/Exchange.asmx Internal=https://{ews}/EWS/Exchange.asmx MRSProxyEnabled=True")
    if full:
        L.adv(12).table(10304, c(thread=1), "Exchange Servers", [
            (s["version"], dom, "Standard", f"{s['name']}.{dom}", s["name"], s.get("role", "Mailbox"), f"{dom}/Configuration/Sites/{s['site']}")
            for s in all_servers], header=("AdminDisplayVersion", "Domain", "Edition", "Fqdn", "Identity", "ServerRole", "Site"))
        L.adv(1).table(10305, c(thread=1), "Web Services", [
            (s["name"], f"https://{ews}/EWS/Exchange.asmx", s["ews_guid"], f"{s['name']}\\EWS (Default Web Site)", f"https://{ews}/EWS/Exchange.asmx")
            for s in servers], header=("ExchangeServer", "ExternalUrl", "Guid", "Identity", "InternalUrl"))
    L.adv(4).e(10359, c(thread=1), "Migration Endpoints=NONE")
    L.adv(2).table(10361, c(thread=1), "Public Endpoint", [
        ("HasMigrationEndpoint", "False"),
        ("MigrationEndpoints", ""),
        ("NameForMigrationEndpoint", "Hybrid Migration Endpoint - EWS (Default Web Site)"),
        ("RemoteServerForMigrationEndpoint", remote),
        ("WebServicesVirtualDirectory", f"{cas}\\EWS (Default Web Site) Server={cas} External=https://{ews}/EWS/Exchange.asmx Internal=https://{ews}/EWS/Exchange.asmx MRSProxyEnabled=True"),
    ])
    if full:
        last = cfg["start"] - dt.timedelta(days=13, hours=3, minutes=17)
        L.adv(3).table(10036, c(thread=1), "Last Client Configuration", [
            ("ClientVersion", hv),
            ("ConnectorFirstExperience", f"{L.date(last - dt.timedelta(days=40))} +00:00"),
            ("CurrentDomain", dom),
            ("DateTime", f"{L.date(last)} +00:00"),
            ("DateTimeUtcTicks", dotnet_ticks(last, 4_417)),
            ("HybridDomains", dom),
            ("LastConnectorChoice", "True" if agent else "False"),
            ("Mode", "FullHybrid"),
            ("ServerVersion", servers[0]["build"]),
            ("WorkflowDuration", "00:02:31.4405731"),
            ("WorkflowSucceeded", "True"),
        ])

    # Mode and Hybrid Agent choice
    pg = c(("Page", "Mode"), thread=1)
    L.adv(14).start("pg", 10265, pg, "START via Next")
    L.adv(rng.randint(2_000, 4_000)).finish("pg", 10266, pg)
    L.adv(2).table(10302, pg, "Mode", [
        ("Mode", "Full Hybrid"),
        ("HybridConnector.IsInstalled", "True" if agent else "False"),
        ("NeedToUnInstall", "False"),
    ])
    L.adv(5).e(10443, c(thread=1), "Hybrid Connector Availability: True, Reason: No exclusions found")
    pg = c(("Page", "HybridConnectorChoice"), thread=1)
    L.adv(7).start("pg", 10265, pg, "START via Next")
    L.adv(rng.randint(1_000, 3_000)).finish("pg", 10266, pg)
    L.adv(2).table(10302, pg, "HybridConnectorChoice", [
        ("HybridConnectorSelected", "True" if agent else "False"),
        ("HybridConnector.IsInstalled", "True" if agent else "False"),
        ("NeedToUnInstall", "False"),
    ])
    if agent:
        pg = c(("Page", "HybridConnectorInstall"), thread=1)
        hc = lambda: c(("Page", "HybridConnectorInstall"), thread=13)
        L.adv(12).start("pg", 10265, pg, "START via Next")
        L.adv(40).e(10394, hc(), f"Found Hybrid Agent on {agent['machine']}.{dom} Status=active Version=1.5.2468.0")
        send = c(("fn", "SendAsync"), thread=13)
        L.adv(6).e(10453, send, f"START GET https://graph.microsoft.com/beta/onPremisesPublishingProfiles('applicationProxy')/connectorGroups/{agent['group']}/applications ")
        L.adv(rng.randint(250, 420)).e(10454, send, f"FINISH Time={L.dur(311.4)} Results=OK")
        L.adv(3).e(10395, hc(), f"Hybrid application ExchangeHybrid: ExternalUrl=https://{agent['host']}:443/ InternalUrl={agent['target']}")
        L.adv(rng.randint(2_000, 4_000)).e(10390, hc(), "Test duration 00:00:03.1187720")
        L.adv(rng.randint(3_000, 6_000)).finish("pg", 10266, pg)

    pg = c(("Page", "MigrationCredential"), thread=1)
    L.adv(16).start("pg", 10265, pg, "START via Next")
    L.adv(rng.randint(6_000, 12_000)).finish("pg", 10266, pg)
    pages = [("Features", [("Edge Transport", "False"), ("Centralized Mail Transport", "False")]),
             ("ReceiveConnector", [("Selected", cas)]),
             ("SendConnector", [("Selected", cas)])]
    for page, rows in pages if full else []:
        pg = c(("Page", page), thread=1)
        L.adv(10).start("pg", 10265, pg, "START via Next")
        L.adv(rng.randint(1_200, 3_500)).finish("pg", 10266, pg)
        L.adv(1).table(10302, pg, page, rows)

    if full:
        certificate_page(L, cfg, info)
    pg = c(("Page", "OnPremisesSmartHost"), thread=1)
    L.adv(6).start("pg", 10265, pg, "START via Next")
    L.adv(rng.randint(2_000, 5_000)).finish("pg", 10266, pg)
    L.adv(1).table(10302, pg, "OnPremisesSmartHost", [("Smart Host", ews)])
    pg = c(("Page", "Ready"), thread=1)
    L.adv(5).start("pg", 10265, pg, "START via Next")
    L.adv(rng.randint(1_500, 3_000)).finish("pg", 10266, pg)

    # Configuring: the workflow
    pgc = c(("Page", "Configuring"), thread=1)
    L.adv(10).start("pgc", 10265, pgc, "START via Next")
    L.adv(13).e(10098, c(("Provider", "OnPremises"), thread=21), "Opening Runspace.")
    info["ps_connect"].append(L.t)
    L.adv(606).cmdlet("OnPremises", "Get-ExchangeServer", rng.randint(150, 220), len(all_servers), "",
                      [server_dump(L, s, dom, cfg) for s in all_servers])
    L.e(10098, c(("Provider", "Tenant"), thread=21), "Opening Runspace.")
    L.adv(1_210).e(10407, c(thread=21), "Updating Local Client Configuration File")
    L.adv(977).start("wf", 10267, wf())

    def task(name, body):
        L.start(("t", name), 10272, wf(name))
        body()
        L.adv(1).finish(("t", name), 10273, wf(name), "PASSED")
        L.adv(1)

    def phase(tname, pname, result, body=lambda: None):
        L.adv(1).start(("p", tname, pname), 10270, wf(tname, pname))
        body()
        L.adv(rng.randint(1, 3)).finish(("p", tname, pname), 10271, wf(tname, pname), result, tenths=False)

    good, needed, same = "PASSED (Prerequisites Good)", "TRUE (Configuration Needed)", "FALSE (Configuration Good)"
    complete, valid = "PASSED (Configuration Complete)", "PASSED - (Validation Passed)"

    def initial():
        def check():
            L.cmdlet("OnPremises", "Get-HybridConfiguration", 34, 1, "", [
                f"HybridConfiguration {{Domains=['{dom}'] Features=['FreeBusy', 'MoveMailbox', 'Mailtips', 'MessageTracking', 'OwaRedirection', 'OnlineArchive', 'SecureMail', 'Photos'] Identity='Hybrid Configuration' IsValid=1 ObjectState='Unchanged' OnPremisesSmartHost='{ews}' TlsCertificateName='<I>CN=R11, O=Let's Encrypt, C=US<S>CN={ews}'}}"])
            if full:
                L.cmdlet("OnPremises", "Get-WebServicesVirtualDirectory", rng.randint(70, 110), len(servers),
                         "Get-WebServicesVirtualDirectory -ADPropertiesOnly: $true", [ews_dump(L, s, ews, cfg) for s in servers])
        phase("Initial", "CheckPrerequisites", good, check)
        phase("Initial", "CheckConfiguration", same, lambda: L.cmdlet("Tenant", "Get-OrganizationConfig", rng.randint(180, 260), 1, "", [
            f"OrganizationConfig {{Guid={cfg['tenant_guid']} Identity='{tenant}.onmicrosoft.com' IsValid=1 ObjectState='Unchanged'}}"]))
    task("Initial", initial)

    if full:
        for tname in ["GlobalPrerequisites", "Recipient", "OrganizationRelationship"]:
            def simple(tname=tname):
                phase(tname, "CheckPrerequisites", good)
                def chk():
                    if tname == "Recipient":
                        L.cmdlet("OnPremises", "Get-EmailAddressPolicy", rng.randint(60, 110), 1, "", [
                            f"EmailAddressPolicy {{EnabledEmailAddressTemplates=['SMTP:@{dom}', 'smtp:@{tenant}.mail.onmicrosoft.com'] Identity='Default Policy' IsValid=1 Name='Default Policy' ObjectState='Unchanged' Priority='Lowest'}}"])
                    if tname == "OrganizationRelationship":
                        L.cmdlet("OnPremises", "Get-OrganizationRelationship", rng.randint(40, 80), 1, "", [
                            f"OrganizationRelationship {{DomainNames=['{tenant}.mail.onmicrosoft.com'] Enabled=1 FreeBusyAccessEnabled=1 FreeBusyAccessLevel='LimitedDetails' Identity='On-premises to O365 - {cfg['org_guid']}' IsValid=1 MailboxMoveEnabled=1 ObjectState='Unchanged' TargetApplicationUri='outlook.com'}}"])
                        L.cmdlet("Tenant", "Get-OrganizationRelationship", rng.randint(150, 220), 1, "", [
                            f"OrganizationRelationship {{DomainNames=['{dom}'] Enabled=1 FreeBusyAccessEnabled=1 Identity='O365 to On-premises - {cfg['org_guid']}' IsValid=1 ObjectState='Unchanged' TargetSharingEpr={'https://' + agent['host'] + '/EWS/Exchange.asmx' if agent else '$null'}}}"])
                phase(tname, "CheckConfiguration", same, chk)
            task(tname, simple)

    def onoff():
        phase("OnOffSettings", "CheckPrerequisites", good)
        phase("OnOffSettings", "CheckConfiguration", needed, lambda: L.cmdlet(
            "OnPremises", "Get-OwaVirtualDirectory", rng.randint(120, 200), len(servers), "Get-OwaVirtualDirectory -ADPropertiesOnly: $true",
            [f"ADOwaVirtualDirectory {{ExternalUrl=https://{ews}/owa Identity='{s['name']}\\owa (Default Web Site)' InternalUrl=https://{ews}/owa IsValid=1 ObjectState='Unchanged' Server='{s['name']}'}}" for s in servers]))
        epr = f"'https://{agent['host']}/EWS/Exchange.asmx'" if agent else "$null"
        def conf():
            L.cmdlet("Tenant", "Set-OrganizationRelationship", rng.randint(4_000, 6_000), 0,
                     f"Set-OrganizationRelationship -TargetSharingEpr {epr} -TargetOwaURL 'https://{ews}/owa' -Identity 'O365 to On-premises - {cfg['org_guid']}' -FreeBusyAccessEnabled: $true -FreeBusyAccessLevel 'LimitedDetails' -MailboxMoveEnabled: $true -MailTipsAccessEnabled: $true -DeliveryReportEnabled: $true -PhotosEnabled: $true")
        phase("OnOffSettings", "Configure", complete, conf)
        phase("OnOffSettings", "ValidateConfiguration", valid)
    task("OnOffSettings", onoff)

    def mailflow():
        phase("MailFlow", "CheckPrerequisites", good)
        def chk():
            L.e(10147, wf("MailFlow", "CheckConfiguration"), f"Validating Send Connector Outbound to Office 365 - {cfg['org_guid']}")
            L.cmdlet("OnPremises", "Get-SendConnector", rng.randint(80, 130), 1, "", [
                f"SmtpSendConnectorConfig {{AddressSpaces=['smtp:{tenant}.mail.onmicrosoft.com;1'] CloudServicesMailEnabled=1 Enabled=1 Fqdn='{ews}' Identity='Outbound to Office 365 - {cfg['org_guid']}' IsValid=1 ObjectState='Unchanged' RequireTLS=1 SmartHosts=['{tenant.replace('.', '-')}.mail.protection.outlook.com'] TlsAuthLevel='DomainValidation'}}"])
            L.e(10149, wf("MailFlow", "CheckConfiguration"), f"Send Connector found: Outbound to Office 365 - {cfg['org_guid']}")
            L.cmdlet("OnPremises", "Get-ReceiveConnector", rng.randint(200, 350), 5, f"Get-ReceiveConnector -Server '{cas}'", [])
            L.e(10149, wf("MailFlow", "CheckConfiguration"), f"Receive Connector found: {cas}\\Default Frontend {cas}")
        phase("MailFlow", "CheckConfiguration", same, chk)
    if full:
        task("MailFlow", mailflow)

    def intraorg():
        phase("IntraOrganization", "CheckPrerequisites", good, lambda: L.cmdlet(
            "OnPremises", "Get-IntraOrganizationConfiguration", rng.randint(100, 160), 1, "",
            [f"IntraOrganizationConfiguration {{OnPremiseDiscoveryEndpoint=https://autodiscover.{dom}/autodiscover/autodiscover.svc OnPremiseTargetAddresses=['{dom}'] OnPremiseWebServiceEndpoint=https://{ews}/EWS/Exchange.asmx OrganizationGuid={cfg['org_guid']}}}"]))
        phase("IntraOrganization", "CheckConfiguration", needed)
        def conf():
            st = [("Step", "OAuth")]
            L.e(10135, wf("IntraOrganization", "Configure", st), "Configuring authentication between on-premises and Exchange Online")
            L.cmdlet("OnPremises", "Get-AuthConfig", rng.randint(40, 70), 1, "", [
                f"AuthConfig {{CurrentCertificateThumbprint='{cfg['auth_thumb']}' Identity='Auth Configuration' IsValid=1 ObjectState='Unchanged' Realm='' ServiceName='00000002-0000-0ff1-ce00-000000000000'}}"])
            L.e(10131, wf("IntraOrganization", "Configure", st), f"Service Principal Names: https://{ews}")
            send = c(("fn", "SendAsync"), thread=21)
            L.adv(3).e(10453, send, f"START GET https://graph.microsoft.com/beta/{cfg['tenant_guid']}/ServicePrincipals/ ")
            L.adv(rng.randint(250, 400)).e(10454, send, f"FINISH Time={L.dur(rng.randint(2500, 4000) / 10)} Results=OK")
            L.adv(2).e(10132, wf("IntraOrganization", "Configure", st), "Graph Service call (Graph API) result: True.")
        phase("IntraOrganization", "Configure", complete, conf)
        phase("IntraOrganization", "ValidateConfiguration", valid)
    if full:
        task("IntraOrganization", intraorg)

    # MRSProxy: where the story happens
    def mrsproxy():
        phase("MRSProxy", "CheckPrerequisites", good, lambda: L.e(
            10345, wf("MRSProxy", "CheckPrerequisites"), f"MRSProxy enabled on {cas}\\EWS (Default Web Site)"))
        phase("MRSProxy", "CheckConfiguration", needed, lambda: L.e(
            10391, wf("MRSProxy", "CheckConfiguration"), "Needs Migration Endpoint"))

        def configure():
            L.adv(10).e(10372, wf("MRSProxy", "Configure"), "No existing migration endpoint found.")
            cmd = (f"Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer '{remote}' "
                   f"-Credentials (Get-Credential -UserName {cfg['migration_user']})")
            tctx = [UX, ("Session", "Tenant"), ("Cmdlet", "Test-MigrationServerAvailability"), ("Thread", 21)]
            last_fail = None
            for i, (kind, ms) in enumerate(cfg["attempts"]):
                if i > 0:
                    rc = wf("MRSProxy", "Configure", [("Action", "ResetIIS")])
                    L.adv(3).start("reset", 10408, rc)
                    info["reset_start"] = L.t
                    L.adv(2).e(10408, rc, f"Stopping IIS Admin Service on {cas_fqdn}...")
                    L.adv(rng.randint(4_800, 5_600)).e(10408, rc, f"Starting IIS Admin Service on {cas_fqdn}...")
                    L.adv(rng.randint(1_500, 2_500)).finish("reset", 10408, rc)
                    info["reset_end"] = L.t
                L.adv(1 if i == 0 else 2).e(10276, tctx, f"START {cmd}")
                t0 = L.t
                L.adv(ms)
                if kind == "success":
                    dump = [f"TestMigrationServerAvailabilityOutcome {{IsValid=1 ObjectState='New' Result='Success' SupportsCutover=0 TestedEndpoint='{remote}'}}"]
                else:
                    text, stack, detail, conn = failure(kind, remote, cfg["exo_mrs"], ms / 1000 * 0.155)
                    last_fail = (text, stack, detail)
                    dump = [f"TestMigrationServerAvailabilityOutcome {{ErrorDetail='{text}", *stack,
                            f"{LAST_FRAME}' IsValid=1 Message='{conn}' ObjectState='New' Result='Failed' SupportsCutover=0}}"]
                L.e(10277, tctx, "", [f"FINISH Time={L.dur(ms)} Results=1", *dump])
                info["attempts"].append((kind, t0, L.t))
                if kind == "success":
                    break
            if last_fail and info["attempts"][-1][0] != "success":
                text, stack, detail = last_fail
                L.adv(1).e(10165, wf("MRSProxy", "Configure"), "", [text, *stack, LAST_FRAME], level="*ERROR*")
                L.adv(20).cmdlet("OnPremises", "Get-WebServicesVirtualDirectory", rng.randint(100, 140), len(servers),
                                 "Get-WebServicesVirtualDirectory -ADPropertiesOnly: $true", [ews_dump(L, s, ews, cfg) for s in servers])
                L.cmdlet("Tenant", "Get-MigrationEndpoint", rng.randint(150, 220), 0, "")
                info["warning"] = detail
            else:
                ep = cfg.get("endpoint_guid", "5b0e47a3-2f6c-4c1e-9d88-0b7f3e61a2d4")
                info["new_endpoint"] = L.t
                L.cmdlet("Tenant", "New-MigrationEndpoint", rng.randint(6_000, 8_000), 1,
                         f"New-MigrationEndpoint -Name 'Hybrid Migration Endpoint - EWS (Default Web Site)' -ExchangeRemoteMove: $true -RemoteServer '{remote}' -Credentials (Get-Credential -UserName {cfg['migration_user']})",
                         [f"MigrationEndpoint {{AcceptUntrustedCertificates=0 EndpointType='ExchangeRemoteMove' Guid={ep} Identity='Hybrid Migration Endpoint - EWS (Default Web Site)' IsRemote=1 IsValid=1 MailboxPermission='Admin' MaxConcurrentIncrementalSyncs='20' MaxConcurrentMigrations='100' ObjectState='Unchanged' RemoteServer='{remote}' Username='{cfg['migration_user']}'}}"])
                L.cmdlet("Tenant", "Get-MigrationEndpoint", rng.randint(150, 220), 1, "", [
                    f"MigrationEndpoint {{EndpointType='ExchangeRemoteMove' Guid={ep} Identity='Hybrid Migration Endpoint - EWS (Default Web Site)' IsRemote=1 IsValid=1 ObjectState='Unchanged' RemoteServer='{remote}' Username='{cfg['migration_user']}'}}"])
        phase("MRSProxy", "Configure", complete, configure)
        phase("MRSProxy", "ValidateConfiguration", valid)
    task("MRSProxy", mrsproxy)

    def final():
        phase("Final", "CheckPrerequisites", good)
        phase("Final", "CheckConfiguration", needed)
        phase("Final", "Configure", complete, lambda: L.cmdlet(
            "Tenant", "Set-OnPremisesOrganization", rng.randint(150, 250), 0,
            f"Set-OnPremisesOrganization -Identity '{cfg['org_guid']}' -Comment '<redacted configuration blob>'"))
        phase("Final", "ValidateConfiguration", valid)
    task("Final", final)
    L.finish("wf", 10269, wf(), "PASSED")
    if "warning" in info:
        L.adv(3).e(10026, [UX, ("Page", "Configuring"), ("fn", "RunWorkflow"), ("Thread", 21)], "",
                   ["HCW8078 Migration Endpoint could not be created.  ", *info["warning"]], level="WARNING")
    L.adv(1).e(10101, c(("Provider", "Tenant"), thread=21), "Disposing Runspace.")
    L.adv(27).e(10101, c(("Provider", "OnPremises"), thread=21), "Disposing Runspace.")
    L.adv(11).finish("pgc", 10266, pgc)
    pg = c(("Page", "Done"), thread=1)
    L.adv(274).start("pg", 10265, pg, "START via Next")
    L.adv(rng.randint(60_000, 240_000)).e(10062, pg, "[Close/Cancel] Pushed: False")
    L.adv(2).finish("pg", 10266, pg)
    info["end"] = L.t
    return L, info


def certificate_page(L, cfg, info):
    rng, dom, cas, ews, full = L.rng, cfg["domain"], cfg["cas"], cfg["ews_host"], True
    cas_fqdn = f"{cas}.{dom}"
    pg = c(("Page", "SendReceiveCertificate"), thread=1)
    L.adv(20).start("pg", 10265, pg, "START via Next")
    own = lambda *x: c(("Activity", "Domain Ownership"), *x, thread=7)
    L.adv(1).start("own", 10274, own())
    L.adv(1).e(10084, own(), "Authorizing powershell connection...")
    L.adv(101).e(10084, own(), f"Connecting to http://{cas_fqdn.lower()}/powershell...")
    info["ps_connect"].append(L.t)
    L.adv(102).e(10098, own(("Provider", "OnPremises")), "Opening Runspace.")
    cert_nb = cfg["start"] - dt.timedelta(days=200)
    L.adv(600).cmdlet("OnPremises", "Get-ExchangeCertificate", rng.randint(450, 650), 3,
                      f"Get-ExchangeCertificate -Server '{cas}'", [], thread=7, activity="Domain Ownership")
    if full:
        L.table(10023, c(thread=7), f"Certificates on {cas}: 3", [
            (ews, f"{L.date(cert_nb)} +00:00", f"{L.date(cert_nb + dt.timedelta(days=395))} +00:00", "False", "False", "Server Authentication", "CN=R11, O=Let's Encrypt, C=US"),
            ("Microsoft Exchange Server Auth Certificate", f"{L.date(cert_nb - dt.timedelta(days=500))} +00:00", f"{L.date(cert_nb + dt.timedelta(days=1300))} +00:00", "False", "True", "Server Authentication", "CN=Microsoft Exchange Server Auth Certificate"),
            (cas, f"{L.date(cert_nb - dt.timedelta(days=700))} +00:00", f"{L.date(cert_nb + dt.timedelta(days=1100))} +00:00", "False", "True", "Server Authentication", f"CN={cas}"),
        ], header=("Name", "NotBefore", "NotAfter", "IsExpired", "IsSelfSigned", "Purpose", "Issuer"))
    L.adv(56).e(10084, own(), "Data retrieved")
    L.adv(101).e(10101, own(("Provider", "OnPremises")), "Disposing Runspace.")
    L.adv(10).finish("own", 10275, own())
    L.adv(rng.randint(3_000, 6_000)).finish("pg", 10266, pg)
    L.adv(3).e(10063, pg, f"Selected Certificate: <I>CN=R11, O=Let's Encrypt, C=US<S>CN={ews}")


def server_dump(L, s, dom, cfg):
    created = L.date(s["created"])
    role = s.get("role", "Mailbox")
    flags = ("IsClientAccessServer=1 IsExchangeTrialEdition=0 IsMailboxServer=1" if role == "Mailbox" else
             "IsClientAccessServer=0 IsEdgeServer=1 IsExchangeTrialEdition=0 IsMailboxServer=0")
    return (f"ExchangeServer {{AdminDisplayVersion='{s['version']}' CurrentDomainControllers=[] "
            f"DataPath='C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Mailbox' Domain='{dom}' "
            f"Edition='Standard' ExchangeVersion='0.1 (8.0.535.0)' Fqdn='{s['name']}.{dom}' Identity='{s['name']}' "
            f"{flags} IsValid=1 Name='{s['name']}' "
            f"ObjectState='Unchanged' ServerRole='{role}' Site='{dom}/Configuration/Sites/{s['site']}' "
            f"WhenChanged='{created}' WhenCreated='{created}'}}")


def ews_dump(L, s, ews, cfg):
    created = L.date(s["created"])
    return (f"ADWebServicesVirtualDirectory {{AdminDisplayVersion='{s['version']}' ExchangeVersion='0.10 (14.0.100.0)' "
            f"ExtendedProtectionFlags=[] ExtendedProtectionSPNList=[] ExtendedProtectionTokenChecking='None' "
            f"ExternalAuthenticationMethods=['Ntlm', 'WindowsIntegrated', 'WSSecurity', 'OAuth'] "
            f"ExternalUrl=https://{ews}/EWS/Exchange.asmx Guid={s['ews_guid']} Id='{s['name']}\\EWS (Default Web Site)' "
            f"Identity='{s['name']}\\EWS (Default Web Site)' InternalAuthenticationMethods=['Ntlm', 'WindowsIntegrated', 'WSSecurity', 'OAuth'] "
            f"InternalUrl=https://{ews}/EWS/Exchange.asmx IsValid=1 MetabasePath='IIS://{s['name']}.{cfg['domain']}/W3SVC/1/ROOT/EWS' "
            f"MRSProxyEnabled=1 Name='EWS (Default Web Site)' ObjectState='Unchanged' Server='{s['name']}' "
            f"WhenChanged='{created}' WhenCreated='{created}'}}")
