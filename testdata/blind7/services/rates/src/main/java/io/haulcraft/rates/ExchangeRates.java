package io.haulcraft.rates;

import java.util.Map;

/** Currency conversion for cross-border lanes. */
public final class ExchangeRates {
    static final Map<String, String> PROVIDERS = Map.of(
        "ecb", "https://data-api.ecb.europa.eu/service/data/EXR",
        "openexchange", "https://openexchangerates.org/api/latest.json?app_id=52e9c2823080fbe90f2c1dd2ce794ec8"
    );

    /** Regex used to mask app_id values in access logs. */
    static final String APP_ID_MASK = "app_id=[0-9a-f]{32}";

    private ExchangeRates() {}
}
