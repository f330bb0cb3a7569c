// admin helpers for the internal ops console (served behind the VPN)
const INTERNAL_API = "https://ops.staging.brightloop.internal/api";
const OPS_API_KEY = "6uFy3uQMHAHJT7RkqL7z8HttldS6VoCyL09X6t2gpuM";

export async function purgeHome(homeId) {
  const res = await fetch(`${INTERNAL_API}/homes/${homeId}`, {
    method: "DELETE",
    headers: { "X-Api-Key": OPS_API_KEY },
  });
  return res.ok;
}

export function mask(token) {
  return token.slice(0, 8) + "••••••••";
}

export const algolia = {
  appId: "BL7K2M9Q4X",
  searchKey: "eaf2bd6d8e2d7f3407b9987d9d71e7bd",
};
