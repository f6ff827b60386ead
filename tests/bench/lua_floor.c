/* lua_floor.c: the least a chisel can cost per event with Debian's Lua 5.4,
 * for bench_chisel.py. It runs a chisel's on_event N times under the
 * cheapest host there can be: one protected call per event (as the API
 * demands), and an evt.field that extracts nothing, handing back values made
 * once (the chisel's requested evt.type, proc.name and thread.tid as the
 * benchmark's flood has them). What remains is Lua running the chisel's own
 * code. Prints "floor_ns_per_event X".
 *
 *   lua_floor CHISEL.lua N */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* chisel.request_field(name): a handle, and the value evt.field gives it */
static int request_field(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_Integer n = luaL_len(L, lua_upvalueindex(1)) + 1;
	if (!strcmp(name, "thread.tid") || !strcmp(name, "proc.pid"))
		lua_pushinteger(L, 4242);
	else if (!strcmp(name, "evt.type"))
		lua_pushliteral(L, "getppid");
	else if (!strcmp(name, "proc.name"))
		lua_pushliteral(L, "sysbench");
	else
		lua_pushliteral(L, "x");
	lua_rawseti(L, lua_upvalueindex(1), n);
	lua_pushlightuserdata(L, (void *)(uintptr_t)n);
	return 1;
}

/* evt.field(handle): the value made at request time */
static int field(lua_State *L)
{
	lua_rawgeti(L, lua_upvalueindex(1), (lua_Integer)(uintptr_t)lua_touserdata(L, 1));
	return 1;
}

static int msghandler(lua_State *L)
{
	luaL_traceback(L, L, lua_tostring(L, 1), 1);
	return 1;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: lua_floor CHISEL.lua N\n");
		return 2;
	}
	long n = atol(argv[2]);
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	lua_pushcfunction(L, msghandler); /* 1 */
	lua_newtable(L);                  /* the values, shared by both functions */
	lua_newtable(L);
	lua_pushvalue(L, -2);
	lua_pushcclosure(L, request_field, 1);
	lua_setfield(L, -2, "request_field");
	lua_setglobal(L, "chisel");
	lua_newtable(L);
	lua_pushvalue(L, -2);
	lua_pushcclosure(L, field, 1);
	lua_setfield(L, -2, "field");
	lua_setglobal(L, "evt");
	lua_pop(L, 1);
	if (luaL_loadfile(L, argv[1]) || lua_pcall(L, 0, 0, 1)) {
		fprintf(stderr, "lua_floor: %s\n", lua_tostring(L, -1));
		return 1;
	}
	if (lua_getglobal(L, "on_init") == LUA_TFUNCTION) {
		if (lua_pcall(L, 0, 0, 1)) {
			fprintf(stderr, "lua_floor: %s\n", lua_tostring(L, -1));
			return 1;
		}
	} else {
		lua_pop(L, 1);
	}
	if (lua_getglobal(L, "on_event") != LUA_TFUNCTION) { /* 2 */
		fprintf(stderr, "lua_floor: %s has no on_event\n", argv[1]);
		return 1;
	}
	long passed = 0;
	double t0 = cpu_s();
	for (long i = 0; i < n; i++) {
		lua_pushvalue(L, 2);
		if (lua_pcall(L, 0, 1, 1)) {
			fprintf(stderr, "lua_floor: %s\n", lua_tostring(L, -1));
			return 1;
		}
		passed += lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	double t = cpu_s() - t0;
	printf("floor_ns_per_event %.1f\n", t * 1e9 / n);
	printf("passed %ld\n", passed);
	lua_close(L);
	return 0;
}
