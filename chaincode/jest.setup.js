// fabric-contract-api logs every decorator at info level while the contracts load.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'WARNING';
