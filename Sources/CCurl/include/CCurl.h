#ifndef CCURL_H
#define CCURL_H
/* libcurl, loaded on first use.
   The binary does not link libcurl: ccurl_load() dlopen()s libcurl.so.4 and resolves the few
   functions used here, so a command that never goes to the network (credential-process with
   cached credentials, --help, the TUI showing a cached tree) does not pay for loading libcurl and
   its ~25 dependent libraries at process start. Only the header's types and constants are used at
   build time.

   curl_easy_setopt / curl_easy_getinfo are variadic and cannot be called from Swift: one typed
   wrapper per argument kind. Every ccurl_* function except ccurl_load requires a successful
   ccurl_load() first. */
#include <stddef.h>
#include <curl/curl.h>

/* Loads libcurl and runs curl_global_init once (thread-safe). Returns 0 on success; otherwise
   non-zero with a one-line reason in err (at most errlen bytes, NUL-terminated). */
int ccurl_load(char *err, size_t errlen);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *h);
void ccurl_easy_reset(CURL *h);
CURLcode ccurl_easy_perform(CURL *h);
const char *ccurl_easy_strerror(CURLcode rc);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *s);
void ccurl_slist_free_all(struct curl_slist *list);

CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v);
CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, void *v);
CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode ccurl_setopt_off(CURL *h, CURLoption o, curl_off_t v);

typedef size_t (*ccurl_write_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
CURLcode ccurl_setopt_write_cb(CURL *h, CURLoption o, ccurl_write_cb cb);
typedef int (*ccurl_xferinfo_cb)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
CURLcode ccurl_setopt_xferinfo_cb(CURL *h, CURLoption o, ccurl_xferinfo_cb cb);

CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *out);

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
#endif
