#include "system/vl.h"

int main(int argc, char **argv)
{
    return kestrel_main(argc, argv);
}
