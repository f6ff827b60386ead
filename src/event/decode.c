/* decode.c: from raw scap-layout bytes to a struct evt with parameter slices. */
#include <errno.h>
#include <string.h>

#include "event/decode.h"

int evt_decode(struct evt *e, const struct wtf_evt_hdr *hdr, size_t avail)
{
	const uint8_t *base = (const uint8_t *)hdr;
	uint32_t len, nparams, pos;

	if (avail < WTF_EVT_HDR_SIZE)
		return -EINVAL;
	len = hdr->len;
	nparams = hdr->nparams;
	if (len > avail || len < WTF_EVT_HDR_SIZE || hdr->type >= PPM_EVENT_MAX ||
	    nparams > WTF_MAX_PARAMS || WTF_EVT_HDR_SIZE + 2 * nparams > len)
		return -EINVAL;

	e->hdr = hdr;
	e->info = &event_table[hdr->type];
	e->nparams = nparams;
	pos = WTF_EVT_HDR_SIZE + 2 * nparams;
	for (uint32_t i = 0; i < nparams; i++) {
		uint16_t plen;
		memcpy(&plen, base + WTF_EVT_HDR_SIZE + 2 * i, 2);
		if (pos + plen > len)
			return -EINVAL;
		e->params[i] = base + pos;
		e->lens[i] = plen;
		pos += plen;
	}
	e->thread = NULL;
	e->fd = NULL;
	e->fdnum = -1;
	e->resolved_path = NULL;
	return 0;
}

int evt_param_index(const struct evt *e, const char *name)
{
	const struct event_info *info = e->info;
	for (int i = 0; i < info->nparams && i < e->nparams; i++)
		if (strcmp(info->params[i].name, name) == 0)
			return i;
	return -1;
}

static const char *const pnames[EVP_MAX] = {
	[EVP_RES] = "res", [EVP_FD] = "fd", [EVP_FLAGS] = "flags", [EVP_MODE] = "mode",
	[EVP_DATA] = "data", [EVP_OLDFD] = "oldfd",
};
static int8_t pindex[PPM_EVENT_MAX][EVP_MAX];

/* Made before main, from the constant event table: evt_param_named is on
 * every rule's and field's path, too hot for a pthread_once per call. */
__attribute__((constructor)) static void pindex_init(void)
{
	for (int t = 0; t < PPM_EVENT_MAX; t++) {
		const struct event_info *info = &event_table[t];
		for (int p = 0; p < EVP_MAX; p++) {
			pindex[t][p] = -1;
			for (int i = 0; i < info->nparams; i++)
				if (info->params[i].name && strcmp(info->params[i].name, pnames[p]) == 0) {
					pindex[t][p] = (int8_t)i;
					break;
				}
		}
	}
}

int evt_param_named(const struct evt *e, enum evt_pname p)
{
	int i;
	i = pindex[e->hdr->type][p];
	return i < e->nparams ? i : -1;
}

static bool param_int(const struct evt *e, int i, bool is_signed, uint64_t *out)
{
	const uint8_t *p;
	if (i < 0 || i >= e->nparams || e->lens[i] == 0)
		return false;
	p = e->params[i];
	switch (e->lens[i]) {
	case 1: *out = is_signed ? (uint64_t)(int64_t)(int8_t)p[0] : p[0]; return true;
	case 2: { uint16_t v; memcpy(&v, p, 2); *out = is_signed ? (uint64_t)(int64_t)(int16_t)v : v; return true; }
	case 4: { uint32_t v; memcpy(&v, p, 4); *out = is_signed ? (uint64_t)(int64_t)(int32_t)v : v; return true; }
	case 8: memcpy(out, p, 8); return true;
	}
	return false;
}

bool evt_param_s64(const struct evt *e, int i, int64_t *out)
{
	uint64_t v;
	if (!param_int(e, i, true, &v))
		return false;
	*out = (int64_t)v;
	return true;
}

bool evt_param_u64(const struct evt *e, int i, uint64_t *out)
{
	return param_int(e, i, false, out);
}

const char *evt_param_str(const struct evt *e, int i)
{
	if (i < 0 || i >= e->nparams || e->lens[i] == 0)
		return NULL;
	if (e->params[i][e->lens[i] - 1] != '\0')
		return NULL;
	return (const char *)e->params[i];
}

const char *evt_type_name(const struct evt *e)
{
	uint16_t t = e->hdr->type;
	/* exits of libs before 0.10 (sysdig 0.29.3) carry only the ID */
	if ((t == PPME_GENERIC_E || t == PPME_GENERIC_X) && e->nparams >= 1) {
		uint64_t nr;
		const char *n = NULL;
		if (evt_param_u64(e, 1, &nr))
			n = syscall_name((uint32_t)nr);
		if (!n && evt_param_u64(e, 0, &nr))
			n = ppm_sc_name((uint16_t)nr);
		if (n)
			return n;
	}
	return e->info->name;
}
