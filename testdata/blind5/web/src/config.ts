// Public runtime configuration of the patient portal (shipped to browsers).
export const config = {
  apiBase: 'https://api.medora-care.net/v2',
  stripePublishableKey: 'pk_live_51DuP89xvnn4FYDAJxtWUgx8QS4I3ECOZycSSiAiW1QJ9kUPEtsYOlv4pPt4ck2dm7KsyccGDBHZDf1dyRUXhX5YJ3qG',
  algoliaAppId: 'H4K2PLM9QX',
  algoliaSearchKey: process.env.NEXT_PUBLIC_ALGOLIA_SEARCH_KEY ?? '',
  recaptchaSiteKey: '6Lc_placeholder_site_key_for_docs',
  sessionCookie: 'medora_session',
};

// Server-side only: used by the search indexer route.
export const algoliaAdminKey = '5ef1d00eed00ced5e1e57b447e45682a';
