#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt / curl_easy_getinfo are variadic and cannot be called from Swift:
   one typed wrapper per argument kind. */
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }

typedef size_t (*ccurl_write_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode ccurl_setopt_write_cb(CURL *h, CURLoption o, ccurl_write_cb cb) { return curl_easy_setopt(h, o, cb); }

static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }

/* Option and info constants (enums import fine, but keep the names readable at call sites). */
static const CURLoption CCURLOPT_URL = CURLOPT_URL;
static const CURLoption CCURLOPT_CUSTOMREQUEST = CURLOPT_CUSTOMREQUEST;
static const CURLoption CCURLOPT_HTTPHEADER = CURLOPT_HTTPHEADER;
static const CURLoption CCURLOPT_POSTFIELDS = CURLOPT_POSTFIELDS;
static const CURLoption CCURLOPT_POSTFIELDSIZE_LARGE = CURLOPT_POSTFIELDSIZE_LARGE;
static const CURLoption CCURLOPT_COPYPOSTFIELDS = CURLOPT_COPYPOSTFIELDS;
static const CURLoption CCURLOPT_POST = CURLOPT_POST;
static const CURLoption CCURLOPT_NOBODY = CURLOPT_NOBODY;
static const CURLoption CCURLOPT_HTTPGET = CURLOPT_HTTPGET;
static const CURLoption CCURLOPT_WRITEFUNCTION = CURLOPT_WRITEFUNCTION;
static const CURLoption CCURLOPT_WRITEDATA = CURLOPT_WRITEDATA;
static const CURLoption CCURLOPT_HEADERFUNCTION = CURLOPT_HEADERFUNCTION;
static const CURLoption CCURLOPT_HEADERDATA = CURLOPT_HEADERDATA;
static const CURLoption CCURLOPT_TIMEOUT_MS = CURLOPT_TIMEOUT_MS;
static const CURLoption CCURLOPT_CONNECTTIMEOUT_MS = CURLOPT_CONNECTTIMEOUT_MS;
static const CURLoption CCURLOPT_NOSIGNAL = CURLOPT_NOSIGNAL;
static const CURLoption CCURLOPT_USERAGENT = CURLOPT_USERAGENT;
static const CURLoption CCURLOPT_CAINFO = CURLOPT_CAINFO;
static const CURLoption CCURLOPT_PROXY = CURLOPT_PROXY;
static const CURLoption CCURLOPT_NOPROXY = CURLOPT_NOPROXY;
static const CURLoption CCURLOPT_FOLLOWLOCATION = CURLOPT_FOLLOWLOCATION;
static const CURLoption CCURLOPT_ACCEPT_ENCODING = CURLOPT_ACCEPT_ENCODING;
static const CURLoption CCURLOPT_ERRORBUFFER = CURLOPT_ERRORBUFFER;
static const CURLoption CCURLOPT_XFERINFOFUNCTION = CURLOPT_XFERINFOFUNCTION;
static const CURLoption CCURLOPT_XFERINFODATA = CURLOPT_XFERINFODATA;
static const CURLoption CCURLOPT_NOPROGRESS = CURLOPT_NOPROGRESS;
static const CURLINFO CCURLINFO_RESPONSE_CODE = CURLINFO_RESPONSE_CODE;

typedef int (*ccurl_xferinfo_cb)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode ccurl_setopt_xferinfo_cb(CURL *h, CURLoption o, ccurl_xferinfo_cb cb) { return curl_easy_setopt(h, o, cb); }
#endif
