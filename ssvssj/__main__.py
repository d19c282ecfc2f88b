from ssvssj.entry import main

main()
