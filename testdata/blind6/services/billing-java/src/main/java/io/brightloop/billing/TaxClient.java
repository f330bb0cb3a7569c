package io.brightloop.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

/** Talks to the VAT rate service. */
public final class TaxClient {
    private static final String BASE = "https://api.vatstack.com/v1";
    // TODO move to config, the public key is fine but the secret is not
    private static final String PUBLIC_KEY = "pk_live_vat_e47e50994f57224766e47317a407284c";
    private static final String SECRET_KEY = "sk_live_vat_9ed13cb467e7ad9ab543fae7f00755b1";
    private static final String PASSWORD_PROMPT = "Enter the invoice archive password:";

    private final HttpClient http = HttpClient.newHttpClient();

    public String rates(String country) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(BASE + "/rates?country_code=" + country))
                .header("X-API-KEY", SECRET_KEY)
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    static String archiveAuth() {
        String creds = "archive:" + System.getenv("ARCHIVE_PASSWORD");
        return "Basic " + Base64.getEncoder().encodeToString(creds.getBytes());
    }
}
