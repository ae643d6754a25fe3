//! Secrets on the line shapes a tester fed `report --redact` (HCW `*ERROR*` texts), and the
//! ordinary words around secrets that must stay.

use super::*;

fn red(text: &str) -> String {
    Redactor::new().redact(text)
}

#[test]
fn query_string_and_form_values() {
    assert_eq!(
        red(
            "Failed: GET https://mail.fabrikam.com/ews/exchange.asmx?user=alice&password=Hunter2Secret!&pwd=Pa55w0rdX"
        ),
        "Failed: GET https://host-1/ews/exchange.asmx?user=user-1&password=secret-1&pwd=secret-2"
    );
    assert_eq!(
        red(
            "Login attempt user=carol password=\"Spaces In Pw\" ; passwd=abc123xyz ; secret=mysecretvalue ; apikey=AKIAIOSFODNN7EXAMPLE"
        ),
        "Login attempt user=user-1 password=\"secret-1\" ; passwd=secret-2 ; secret=secret-3 ; apikey=secret-4"
    );
}

#[test]
fn tokens_keys_and_connection_strings() {
    let mut r = Redactor::new();
    assert_eq!(
        r.redact("client_secret=Q~8Kq_SuperSecretValue.abc123 refresh_token=0.AAAA-abcdefghijklmnop access_token=ya29.someTokenValue"),
        "client_secret=secret-1 refresh_token=secret-2 access_token=secret-3"
    );
    assert_eq!(
        r.redact("Connection string: Server=sql01.fabrikam.local;Database=Hybrid;User Id=sa;Password=S3cr3tSql!;"),
        "Connection string: Server=host-1;Database=Hybrid;User Id=sa;Password=secret-4;"
    );
    assert_eq!(
        r.redact("Blob https://fabrikamstore.blob.core.windows.net/logs/a.txt?sv=2021-06-08&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&sig=AbCdEfGh1234567890abcdefgHIJKLmnopQRSTuv%3D"),
        "Blob https://host-2/logs/a.txt?sv=2021-06-08&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&sig=secret-5"
    );
    assert_eq!(
        r.redact(r#"{"token_type":"Bearer","access_token":"ya29.someTokenValue","expires_in":3599} DefaultEndpointsProtocol=https;AccountName=x;AccountKey=bXlrZXk=;"#),
        r#"{"token_type":"Bearer","access_token":"secret-3","expires_in":3599} DefaultEndpointsProtocol=https;AccountName=x;AccountKey=secret-6;"#
    );
}

#[test]
fn authorization_headers_and_bare_jwts() {
    let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlMzY1LmNvbSJ9.sIgNaTuReAbCdEf012345";
    let mut r = Redactor::new();
    assert_eq!(
        r.redact(&format!("Header Authorization: Bearer {jwt}")),
        "Header Authorization: Bearer secret-1"
    );
    assert_eq!(
        r.redact("Authorization: Basic YWxpY2U6SHVudGVyMlNlY3JldCE= sent to 192.168.10.25"),
        "Authorization: Basic secret-2 sent to ip-1"
    );
    assert_eq!(
        r.redact("Proxy-Authorization: Negotiate TlRMTVNTUAADAAAAGAAYAHAAAAA="),
        "Proxy-Authorization: Negotiate secret-3"
    );
    assert_eq!(
        r.redact(&format!("token {jwt} again")),
        "token secret-1 again"
    );
}

#[test]
fn command_line_credentials() {
    let mut r = Redactor::new();
    assert_eq!(
        r.redact(r"Get-Credential -UserName FABRIKAM\hcwadmin ; net use \\fs01\share /user:FABRIKAM\svc-mig P@ssw0rd!"),
        r"Get-Credential -UserName user-1 ; net use \\fs01\share /user:user-2 secret-1"
    );
    assert_eq!(
        r.redact("net use Z: /user:bob * /persistent:no"),
        "net use Z: /user:user-3 * /persistent:no"
    );
    assert_eq!(
        r.redact("$p = ConvertTo-SecureString 'Pl@inText1' -AsPlainText -Force"),
        "$p = ConvertTo-SecureString 'secret-2' -AsPlainText -Force"
    );
}

#[test]
fn words_that_only_name_a_secret_stay() {
    let text = "The token was rejected; token: expired. PasswordPolicy=Strict, PasswordLastSet=2024 \
                Set-HybridConfiguration -Credential $cred; Get-Credential; Authorization failed; \
                Authorization: denied for the app; passwords must match; tokenLifetime=3600 \
                The authentication header received from the server was 'Negotiate,NTLM'. sig: none";
    assert_eq!(red(text), text);
}

#[test]
fn a_secret_wins_over_a_host_or_account_inside_it() {
    let mut r = Redactor::new();
    let out = r.redact("pwd=mail.contoso.com!x refresh_token=0.AAAA-abc CONTOSO\\bob");
    assert_eq!(out, "pwd=secret-1 refresh_token=secret-2 user-1");
    assert!(
        !r.legend().iter().any(|(t, _)| t.starts_with("host-")),
        "no host is taken from inside a secret"
    );
}

/// The second probe's shapes: values with spaces or punctuation, URL-encoded keys,
/// PowerShell's other spellings, escaped quotes, cookies, and what only looks like a secret.
#[test]
fn whole_values_in_every_spelling_and_nothing_public() {
    let mut r = Redactor::new();
    let cases = [
        (
            "Server=sql01;Password=Correct Horse Battery;Encrypt=True",
            "Server=sql01;Password=secret-1;Encrypt=True",
        ),
        ("Pwd=abc)def(ghi;", "Pwd=secret-2;"),
        (
            "login failed for pwd=Xy9)!. Retrying",
            "login failed for pwd=secret-3. Retrying",
        ),
        (
            "returnUrl=%2Fowa%3Fpassword%3DHunter2Secret%26x%3D1",
            "returnUrl=%2Fowa%3Fpassword%3Dsecret-4%26x%3D1",
        ),
        (
            "ConvertTo-SecureString -AsPlainText -Force -String 'SecretA111'",
            "ConvertTo-SecureString -AsPlainText -Force -String 'secret-5'",
        ),
        (
            "ConvertTo-SecureString -AsPlainText 'SecretB222' -Force",
            "ConvertTo-SecureString -AsPlainText 'secret-6' -Force",
        ),
        ("New-X -Password:'SecretC333'", "New-X -Password:'secret-7'"),
        (
            r#"{"client_secret":"ab\"cd-SecretE555","x":1}"#,
            r#"{"client_secret":"secret-8","x":1}"#,
        ),
        (
            "Cookie: cadata=7h1s1sS3cr3t; cadataKey=k3yk3yk3y; cadataSig=s1gs1g",
            "Cookie: cadata=secret-9; cadataKey=secret-10; cadataSig=secret-11",
        ),
        (
            r#"ERROR "net use \\fs01\s /user:FABRIKAM\svc P@ss1". The wizard went on"#,
            r#"ERROR "net use \\fs01\s /user:user-1 secret-12". The wizard went on"#,
        ),
    ];
    for (text, want) in cases {
        assert_eq!(r.redact(text), want, "{text}");
    }
    let public = "Microsoft.Exchange.Data, Version=15.0.0.0, Culture=neutral, \
                  PublicKeyToken=31bf3856ad364e35 AllowSimplePassword=True Password=*****";
    assert_eq!(red(public), public);
}

#[test]
fn a_prose_password_of_several_words_is_hidden_whole() {
    assert_eq!(
        red("Credentials entered. Password: correct horse battery staple\r\nNext line stays"),
        "Credentials entered. Password: secret-1\r\nNext line stays"
    );
    assert_eq!(red("pwd: Summer 2024!."), "pwd: secret-1.");
    // `key=value` still ends at the first space: a query or form value has none.
    assert_eq!(
        red("password=abc123xyz then more"),
        "password=secret-1 then more"
    );
}
