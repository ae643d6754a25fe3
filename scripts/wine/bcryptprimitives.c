/*
 * Stand-in bcryptprimitives.dll for Wine releases that lack ProcessPrng (Debian's Wine 8).
 *
 * Rust's standard library (1.78+) imports bcryptprimitives!ProcessPrng on Windows for its
 * random seeds (HashMap keys). This DLL exports that one function and fills the buffer from
 * advapi32!SystemFunction036 (RtlGenRandom), which Wine has long provided. Built and
 * installed into the test prefix by scripts/wine-test.sh; never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a 32-bit length: fill large buffers in pieces. */
    while (len > 0) {
        ULONG piece = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        len -= piece;
    }
    return TRUE;
}
