// True when every component is a finite number (bit test: fast-math cannot drop it).
bool finite3(vec3 c) {
    uvec3 e = floatBitsToUint(c) & 0x7f800000u;
    return all(notEqual(e, uvec3(0x7f800000u)));
}
