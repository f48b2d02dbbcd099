"""OpenGL through moderngl: contexts, shader assembly, and the passes of the compositor.

Every picture driftlight shows or writes is drawn by the GPU: in the live window the
context is pygame's OpenGL window; everywhere else (stills, the gallery, the safety
check, benches, exports) it is an offscreen EGL context. Where there is no GPU, Mesa's
llvmpipe is the GPU.
"""
