//! Static vocabulary of the synthetic workload: names, client user agents, URIs and addresses,
//! in the shapes Exchange front ends write them (spaces already replaced by `+`).

/// First names for mailbox users (a few non-ASCII ones, since `u_ex` logs are UTF-8).
pub(crate) const FIRST: &[&str] = &[
    "anna", "ben", "carla", "david", "elena", "felix", "greta", "hannah", "ivan", "julia", "karim",
    "laura", "marco", "nina", "oliver", "paula", "quentin", "rosa", "stefan", "tanja", "uwe",
    "vera", "walter", "xenia", "yusuf", "zoe", "amir", "bianca", "chen", "daniela", "emil",
    "fatma", "georg", "helga", "ines", "jonas", "kevin", "lea", "jürgen", "renée",
];

/// Last names for mailbox users.
pub(crate) const LAST: &[&str] = &[
    "schmidt",
    "meyer",
    "wagner",
    "becker",
    "hoffmann",
    "koch",
    "richter",
    "klein",
    "wolf",
    "neumann",
    "schwarz",
    "braun",
    "zimmermann",
    "krueger",
    "hartmann",
    "lange",
    "werner",
    "krause",
    "lehmann",
    "koehler",
    "smith",
    "johnson",
    "brown",
    "garcia",
    "miller",
    "davis",
    "martin",
    "bernard",
    "dubois",
    "rossi",
    "russo",
    "nowak",
    "kowalski",
    "yilmaz",
    "tanaka",
    "suzuki",
    "jensen",
    "hansen",
    "müller",
    "sørensen",
];

/// Outlook for Windows (MAPI over HTTP, EWS, Autodiscover).
pub(crate) const UA_OUTLOOK: &[&str] = &[
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17928;+Pro)",
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.18025;+Pro)",
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17726;+Pro)",
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5461;+Pro)",
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.10416;+Pro)",
];

/// EWS clients other than Outlook for Windows.
pub(crate) const UA_EWS: &[&str] = &[
    "MacOutlook/16.90.24101011+(Intelx64+Mac+OS+X+14.7+(Build+23H124))",
    "MacOutlook/16.89.24091630+(Intelx64+Mac+OS+X+15.0.1+(Build+24A348))",
    "Mac+OS+X/14.7+(23H124);+ExchangeWebServices/12.0+(339);+Mail/16.0+(3776.700.51)",
    "AppleExchangeWebServices/818.120.2+accountsd/113",
    "ExchangeServicesClient/15.20.8158.020",
    "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17928;+Pro)",
];

/// Exchange ActiveSync devices: (user agent, device type).
pub(crate) const UA_EAS: &[(&str, &str)] = &[
    ("Apple-iPhone15C2/2107.2", "iPhone"),
    ("Apple-iPhone14C5/2106.3", "iPhone"),
    ("Apple-iPad13C4/2107.2", "iPad"),
    ("Android-Mail/2024.10.13.685089157.Release", "Android"),
    ("Outlook-iOS-Android/1.0", "Outlook"),
    ("Samsung-SM-S918B/101.301400", "SAMSUNGSMS918B"),
];

/// Browsers (OWA, ECP).
pub(crate) const UA_BROWSER: &[&str] = &[
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/130.0.0.0+Safari/537.36+Edg/130.0.0.0",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/130.0.0.0+Safari/537.36",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:132.0)+Gecko/20100101+Firefox/132.0",
    "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.0+Safari/605.1.15",
];

/// Managed Availability probes running on the server itself.
pub(crate) const UA_PROBE: &str = "AMProbe/Local/ClientAccess";

/// Health check pages polled by Managed Availability and load balancers.
pub(crate) const HEALTH_PAGES: &[&str] = &[
    "/owa/healthcheck.htm",
    "/ews/healthcheck.htm",
    "/mapi/healthcheck.htm",
    "/Microsoft-Server-ActiveSync/healthcheck.htm",
    "/oab/healthcheck.htm",
    "/Autodiscover/healthcheck.htm",
    "/ecp/healthcheck.htm",
    "/rpc/healthcheck.htm",
];

/// OWA service actions (`/owa/service.svc?action=…`).
pub(crate) const OWA_ACTIONS: &[&str] = &[
    "GetFolderMruConfiguration",
    "FindItem",
    "GetItem",
    "FindConversation",
    "GetConversationItems",
    "UpdateUserConfiguration",
    "GetCalendarView",
    "GetPeopleFilters",
    "SubscribeToNotification",
    "CreateItem",
    "GetAttachmentPreviews",
];

/// OWA static resources (`/owa/prem/<build>/…`).
pub(crate) const OWA_STATIC: &[&str] = &[
    "scripts/boot.worldwide.0.mouse.js",
    "scripts/boot.worldwide.1.mouse.js",
    "resources/styles/0/boot.worldwide.mouse.css",
    "resources/images/0/sprite1.mouse.png",
    "scripts/microsoft.owa.mail.js",
];

/// ActiveSync commands, weighted by repetition.
pub(crate) const EAS_COMMANDS: &[&str] = &[
    "Ping",
    "Ping",
    "Ping",
    "Ping",
    "Sync",
    "Sync",
    "Sync",
    "FolderSync",
    "ItemOperations",
    "SendMail",
    "MoveItems",
    "GetItemEstimate",
];

/// Internal client subnets (first three octets).
pub(crate) const INTERNAL_NETS: &[&str] = &[
    "10.1.20",
    "10.1.21",
    "10.1.22",
    "10.2.40",
    "10.2.41",
    "10.8.0",
    "10.8.1",
    "172.16.30",
];

/// Public prefixes mobile and home users arrive from (documentation ranges and carrier-like).
pub(crate) const PUBLIC_NETS: &[&str] = &[
    "203.0.113",
    "198.51.100",
    "192.0.2",
    "80.187.101",
    "91.64.12",
    "178.24.220",
    "62.226.84",
];

/// Address of the Hybrid Agent host whose mrsproxy calls fail channel binding.
pub(crate) const AGENT_IP: &str = "10.0.5.20";

/// Load balancer nodes polling the health pages.
pub(crate) const LB_IPS: &[&str] = &["10.0.1.5", "10.0.1.6"];
