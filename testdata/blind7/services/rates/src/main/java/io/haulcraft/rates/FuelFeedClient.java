package io.haulcraft.rates;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

/** Reads the weekly diesel index that drives the fuel surcharge. */
public class FuelFeedClient {
    private static final String FEED = "https://api.fuelindex.example.com/v3/diesel";
    // TODO move to config; the feed vendor rotates this yearly
    private static final String FEED_USER = "haulcraft";
    private static final String FEED_PASSWORD = "IMsYlaxR16DmV6urKBlY";
    private static final String PASSWORD_PROPERTY = "rates.fuel.password";

    private final HttpClient http = HttpClient.newHttpClient();

    public String latest() throws Exception {
        String basic = Base64.getEncoder().encodeToString((FEED_USER + ":" + FEED_PASSWORD).getBytes());
        HttpRequest req = HttpRequest.newBuilder(URI.create(FEED))
                .header("Authorization", "Basic " + basic)
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The feed's sandbox account, published in their API guide. */
    static String sandboxHeader() {
        return "Basic ZGVtbzpkZW1v";
    }
}
