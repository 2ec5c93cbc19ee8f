from dojo.cli.main import main

raise SystemExit(main())
